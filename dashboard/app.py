"""TeamPulse dashboard entry point: declares the pages and runs the selected one."""

import streamlit as st


def main() -> None:
    st.set_page_config(page_title="TeamPulse", page_icon=":material/favorite:", layout="wide")
    pages = [st.Page("pages/overview.py", title="Team overview", icon=":material/monitoring:", default=True)]
    st.navigation(pages).run()


main()
