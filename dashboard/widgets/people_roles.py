"""Every person a review names, each given a role in one form: a timeline that names ten responders is one
decision to make, not ten forms to fill (``pulse.reviews.replace_people``)."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.widgets import figures, plain
from pulse import reviews
from pulse.errors import PulseError


def people_roles(db, review: reviews.Review, findings: list[reviews.ReviewFinding], roster: str) -> None:
    """A form listing each open person (their spellings and places) with a role box and a tick; one button
    puts every ticked person's role in all their places. Someone to keep stays unticked, then waived below."""
    people = reviews.people_named(findings)
    if len(people) < 2 or review.status == "published":  # one person: their own finding's form does it
        return
    label = f"{figures.plural(len(people), 'person', 'people')} named: give each a role in one go"
    with st.expander(label, expanded=True, icon=":material/group:"), st.form("people_roles"):
        st.caption(
            "A non-attributable review names roles, not people. Each role goes in every place that person is"
            " named (empty: “a team member”). Untick anyone who stays named, then waive them below with a reason."
        )
        picked: dict[str, str] = {}  # widgets keyed by person: a roster turning a guess into a name keeps them
        for f in people:
            together = reviews.settled_together(findings, f)
            spellings = ", ".join(f"“{plain.md(w)}”" for w in list(dict.fromkeys(g.text for g in together))[:4])
            tick, role = st.columns([2, 3], vertical_alignment="center")
            chosen = tick.checkbox(
                f"{spellings} · {figures.plural(len(together), 'place')}", value=True, key=f"people_pick_{f.person}"
            )
            typed = role.text_input(
                "Role", key=f"people_role_{f.person}", placeholder="e.g. on-call engineer", label_visibility="collapsed"
            )
            if chosen:
                picked[f.id] = typed
        if st.form_submit_button("Replace the ticked people with their roles", key="people_submit", type="primary"):
            if not picked:
                st.warning("Nobody is ticked: tick the people to replace.")
                return
            try:
                reviews.replace_people(db, review.id, picked, roster)
            except PulseError as e:
                st.error(plain.md(e))  # the rest of the page stays: the findings below are still to settle
                return
            queries.after_write()
            st.session_state["review_checked"] = (
                f"{figures.plural(len(picked), 'person', 'people')} replaced by their roles in every place."
            )
            st.rerun()
