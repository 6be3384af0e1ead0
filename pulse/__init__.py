"""TeamPulse's domain and storage: anonymous pulses, rounds, reviews, and the one door to results.

Nothing here imports ``analysis``, ``dashboard``, ``teampulse``, Streamlit or click. Figures leave
only through :mod:`pulse.results`; errors are the named ones in :mod:`pulse.errors`.
"""
