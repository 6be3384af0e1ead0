"""The Streamlit dashboard. Pages call pulse/ and analysis/, and draw."""
