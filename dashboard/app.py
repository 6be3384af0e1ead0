"""TeamPulse dashboard entry point: declares the pages and runs the selected one.

Pages live in ``app_pages/``, not ``pages/``: Streamlit treats a ``pages/`` folder as a legacy
multipage app and may run a page without this entry point (and so without its error guard).
Every page is registered for everyone, so a bookmarked address always resolves; the menu shows a
page only to the roles it is for, and each staff page checks the role again itself on every run.
"""

import streamlit as st

from dashboard import auth
from dashboard.guard import run_page
from dashboard.widgets import plain, style

COACHING = ("coach", "admin")
REVIEWS = ("facilitator", "admin")
ADMIN = ("admin",)


def main() -> None:
    st.set_page_config(page_title="TeamPulse", page_icon=":material/favorite:", layout="wide")
    st.set_option("client.showErrorDetails", "none")
    st.set_option("client.toolbarMode", "viewer")
    account = auth.current_account()
    role = account.role if account else None

    def page(path, title, icon, roles=None, **kwargs):
        visible = roles is None or role in roles
        return st.Page(path, title=title, icon=icon, visibility="visible" if visible else "hidden", **kwargs)

    pages = {
        "Team members": [
            page("app_pages/take_pulse.py", "Take a pulse", ":material/edit_note:", url_path="pulse", default=True),
            page("app_pages/perspective.py", "Share a perspective", ":material/forum:", url_path="perspective"),
            page("app_pages/team.py", "Your team's page", ":material/groups:", url_path="team"),
        ],
        "Coaching": [
            page("app_pages/trends.py", "Team trends", ":material/show_chart:", COACHING, url_path="trends"),
            page(
                "app_pages/organisation.py", "Organisation", ":material/grid_view:", COACHING, url_path="organisation"
            ),
            page(
                "app_pages/overview.py", "Psych safety overview", ":material/monitoring:", COACHING, url_path="overview"
            ),
            page("app_pages/calendar.py", "Calendar", ":material/calendar_month:", COACHING, url_path="calendar"),
        ],
        "Reviews": [
            page("app_pages/reviews.py", "Reviews", ":material/list:", REVIEWS, url_path="reviews"),
            page("app_pages/review_edit.py", "Edit a review", ":material/edit:", REVIEWS, url_path="review"),
            page("app_pages/review_check.py", "Blame check", ":material/fact_check:", REVIEWS, url_path="review-check"),
            page(
                "app_pages/review_perspectives.py",
                "Perspectives",
                ":material/reviews:",
                REVIEWS,
                url_path="review-perspectives",
            ),
            page("app_pages/review_learning.py", "Learning", ":material/insights:", REVIEWS, url_path="learning"),
        ],
        "Admin": [
            page("app_pages/admin_teams.py", "Teams", ":material/groups:", ADMIN, url_path="admin-teams"),
            page("app_pages/admin_rounds.py", "Rounds", ":material/event:", ADMIN, url_path="admin-rounds"),
            page("app_pages/admin_codes.py", "Codes and links", ":material/qr_code:", ADMIN, url_path="admin-codes"),
            page("app_pages/admin_invitations.py", "Invitations", ":material/mail:", ADMIN, url_path="invitations"),
            page(
                "app_pages/admin_instruments.py", "Instruments", ":material/quiz:", ADMIN, url_path="admin-instruments"
            ),
            page("app_pages/admin_accounts.py", "Accounts", ":material/badge:", ADMIN, url_path="admin-accounts"),
            page(
                "app_pages/admin_privacy.py", "Threshold and retention", ":material/shield:", ADMIN, url_path="privacy"
            ),
            page("app_pages/admin_import.py", "Import responses", ":material/upload:", ADMIN, url_path="admin-import"),
            page("app_pages/admin_data.py", "Exports and backup", ":material/download:", ADMIN, url_path="admin-data"),
        ],
        "Staff": [
            page(
                "app_pages/sign_in.py",
                "Sign out" if account else "Staff sign-in",
                ":material/login:",
                url_path="sign-in",
            ),
        ],
    }
    selected = st.navigation(pages, expanded=True)
    if account:
        st.sidebar.caption(f"Signed in as **{plain.md(account.name)}** ({account.role})")
    st.set_page_config(page_title=f"{selected.title} · TeamPulse")  # every tab says which page it is
    style.apply()
    run_page(selected)


main()
