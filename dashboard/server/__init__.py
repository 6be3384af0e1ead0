"""The server behind `teampulse serve`: Streamlit's ``st.App`` with TeamPulse's own HTTP routes.

``app.py`` builds the app from route lists (one module per concern: ``api.py`` is the admin API under
``/api/v1/``), writes the server file that commands use to find it, and removes it on exit.
``python -m dashboard.server`` starts it; ``teampulse serve`` runs that.
"""
