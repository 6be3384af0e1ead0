"""Blame check and publishing: every finding is fixed or waived with a reason before a review publishes.

The document view shows each text field with its findings highlighted in place (surest in red), grouped
by field and heading; each finding shows its sentence, a suggested neutral rewrite to accept in one click,
and a waiver with its reason. Every spelling of one person anywhere in the review is one finding, with one
role to put in all its places; when several people are named, one form gives each a role at once."""

import streamlit as st

from dashboard import auth, queries
from dashboard.queries import reviews as review_queries
from dashboard.state import database
from dashboard.widgets import figures, plain, review_form, reviewing
from dashboard.widgets.people_roles import people_roles
from pulse import lint, reviews
from pulse.errors import PublishRefused, PulseError

auth.require("facilitator", "admin")
db = database()
st.title("Blame check and publish")
review = reviewing.pick_review(db, "check_review_pick")
reviewing.header(review, "app_pages/review_check.py")
if done := st.session_state.pop("review_checked", None):
    st.success(done, icon=":material/check:")
roster = st.text_area(
    "Roster (optional): one person a line, with their role after a comma, e.g. `Sam Lee, on-call engineer`",
    key="review_roster", help="Used for this check only and never stored.",
)  # fmt: skip
findings = reviews.findings_for(review, roster)
still_open = reviews.to_settle(findings)  # one person, or the same words twice in a field: one thing to settle
st.subheader(f"{figures.plural(len(still_open), 'finding')} to fix or waive" if still_open else "No open finding")
if not findings:
    st.success("Nothing points at a person: the text describes roles, conditions and decisions.")
else:
    counts = {s: sum(f.finding.severity == s for f in still_open) for s in lint.SEVERITIES}
    st.caption(
        " · ".join(f"{n} {s}" for s, n in counts.items() if n)
        + " — read the high ones first: a person or role judged, a call for punishment, a name from the roster."
    )
    people_roles(db, review, findings, roster)
editable = review.status != "published"
fields = dict(review.text_fields())
numbered = list(enumerate(findings, 1))
shown: set[str] = set()  # the same words twice in a field, or one person anywhere, are one finding to settle
for field in dict.fromkeys(f.field for f in findings):
    in_field = [(n, f) for n, f in numbered if f.field == field]
    st.markdown(f"#### {plain.md(review_form.field_label(field))}")
    with st.container(border=True):
        st.markdown(reviewing.highlighted(fields[field], [(n, f.finding) for n, f in in_field]))
    by_section: dict[str, list] = {}
    for n, f in in_field:
        by_section.setdefault(f.finding.section, []).append((n, f))
    for heading, items in by_section.items():
        if heading:
            st.markdown(f"**{plain.md(heading)}**")
        for n, f in items:
            together = reviews.settled_together(findings, f)
            # A group is shown once, at its first open place (a waived place may come first).
            lead = next((g for g in together if g.open), together[0])
            if f.settles_with in shown or f is not lead:
                continue
            shown.add(f.settles_with)
            colour = reviewing.SEVERITY_COLOURS[f.finding.severity]
            where = f" · {len(together)} places" if len(together) > 1 else ""
            others = [w for w in dict.fromkeys(g.text for g in together) if w != f.text]
            also = f" · also {', '.join(f'“{plain.md(w)}”' for w in others[:4])}" if others else ""
            label = f"[{n}] {f.finding.severity} · {plain.md(f.kind)}: “{plain.md(f.text)}”{also}{where}"
            with st.expander(label, expanded=f.open):
                st.markdown(f":{colour}-badge[{f.finding.severity}] _{plain.md(f.question)}_")
                sentence = f.finding.sentence
                if sentence:
                    st.caption("In the sentence")
                    plain.quote(sentence)
                if not f.open:
                    st.caption(f"Waived: {plain.md(f.waived)}")
                    continue
                if not editable:
                    continue
                names = [g.text for g in findings if g.field == field and g.kind in ("name", "possible-name")]
                rewrite = lint.suggested_rewrite(sentence, roster, names) if sentence else None
                if rewrite:
                    st.caption("A neutral rewrite to accept or edit (role instead of name, what made it reasonable)")
                    plain.quote(rewrite)
                    if st.button("Accept this rewrite", key=f"rewrite_{f.id}", icon=":material/edit_note:"):
                        try:
                            review_queries.accept_rewrite(db, review, field, sentence, rewrite)
                        except (ValueError, PulseError) as e:
                            st.error(plain.md(e))
                            st.stop()
                        queries.after_write()
                        st.session_state["review_checked"] = "Rewrite accepted: a new version of the review is saved."
                        st.rerun()
                elif sentence:
                    st.caption(
                        "No rewrite by word swaps clears this one: edit the sentence in the review with the question"
                        " above in mind, or keep it with a reason."
                    )
                if f.person:
                    with st.form(f"person_{f.id}"):
                        role = st.text_input(
                            "Their role, in every place they are named", key=f"role_{f.id}",
                            placeholder="e.g. on-call engineer (empty: a team member)",
                        )  # fmt: skip
                        if st.form_submit_button(f"Replace in all {len(together)} places", key=f"person_{f.id}_submit"):
                            try:
                                reviews.replace_person(db, review.id, f.id, role, roster)
                            except PulseError as e:
                                st.error(plain.md(e))
                                st.stop()
                            queries.after_write()
                            st.session_state["review_checked"] = "Every place they were named now names the role."
                            st.rerun()
                with st.form(f"waive_{f.id}"):
                    reason = st.text_input("Keep these words because...", key=f"waive_reason_{f.id}")
                    if st.form_submit_button("Waive with this reason", key=f"waive_{f.id}_submit"):
                        reviews.waive_finding(db, review.id, f.id, reason, roster)
                        queries.after_write()
                        st.session_state["review_checked"] = "Waived, with your reason kept in the review's history."
                        st.rerun()
if (
    roster.strip()
    and review.status != "published"
    and st.button("Replace roster names with their roles", key="replace_names")
):
    reviews.replace_names(db, review.id, roster)
    queries.after_write()
    st.session_state["review_checked"] = "Names replaced by roles (or 'a team member')."
    st.rerun()

st.subheader("Status")
moves = {"in-review": "Send for review", "draft": "Back to draft", "published": "Publish"}
blocked = (
    f"{figures.plural(len(still_open), 'finding')} above to fix or waive with a reason first." if still_open else None
)
for column, target in zip(st.columns(3), reviews.TRANSITIONS[review.status], strict=False):
    held = target == "published" and blocked is not None  # the store refuses it too (PublishRefused)
    if held:
        column.caption(blocked)
    if column.button(
        moves[target], key=f"move_{target}", type="primary" if target == "published" else "secondary",
        disabled=held, help=blocked if held else None,
    ):  # fmt: skip
        try:
            reviews.set_status(db, review.id, target, roster=roster)
        except PublishRefused as e:
            st.error(plain.md(e))  # it may quote the review's text
            st.stop()
        queries.after_write()
        st.session_state["review_checked"] = f"The review is now {reviewing.STATUS_LABELS[target].lower()}."
        st.rerun()
if review.status == "published":
    st.download_button("Download as Markdown", reviews.review_markdown(review), f"review-{review.id}.md",
                       "text/markdown", key="review_markdown", on_click="ignore")  # fmt: skip
