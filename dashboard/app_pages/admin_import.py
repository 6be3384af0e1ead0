"""Admin: import responses from a Google Forms, Google Sheets or Microsoft Forms export.

Upload, pick the instrument and team, check what each column is taken as, settle what is unsure with
the selects, then write in one transaction with the last button. Nothing is stored before it: every
run plans the file again from the upload and the choices (``teampulse import --dry-run`` as a page).
"""

import hashlib

import streamlit as st

from dashboard import auth, queries
from dashboard.queries import imports
from dashboard.state import database_path
from dashboard.widgets import page, plain
from pulse.errors import ImportFailed

FROM_FILE = "The file's team column"
DROPPED = "dropped as identity (never read)"


def remember(header: str, key: str) -> None:
    """A column's select changed: what the admin said about that header, as ``--map`` would say it."""
    st.session_state["import_mapping"][header] = st.session_state[key]


auth.require("admin")
path = database_path()
st.title("Import responses")
page.flash()
st.caption(
    "CSV or Excel files as Google Forms, Google Sheets and Microsoft Forms export them. Names, emails and"
    " other identity columns are dropped unread; only the day of each answer is kept. Only periods that are"
    " over can be imported, into new closed rounds. Nothing is stored until you press Import."
)
menu = queries.catalogue(path)
upload = st.file_uploader(
    "Export file", type=["csv", "xlsx", "txt", "tsv"], key=f"import_file_{st.session_state.get('import_done', 0)}"
)
if upload is None:
    st.info("Upload an export file to see how it would be imported.")
    st.stop()
data = upload.getvalue()

names = menu.instrument_names
left, right = st.columns(2)
instrument = left.selectbox("Instrument", list(names), format_func=names.get, key="import_instrument")
team_pick = right.selectbox("Team", [FROM_FILE, *menu.team_names], key="import_team")
new_team = right.text_input("Or a new team for every row", key="import_new_team").strip()
create_teams = st.checkbox("Create teams the file names that do not exist yet", value=True, key="import_create_teams")

# What the admin said about columns holds for this file and instrument only.
this_file = (hashlib.sha256(data).hexdigest(), instrument)
if st.session_state.get("import_for") != this_file:
    st.session_state["import_for"], st.session_state["import_mapping"] = this_file, {}
    st.session_state.pop("import_date_order", None)
mapping = st.session_state["import_mapping"]
choice = imports.Choice(
    instrument,
    team=new_team or (imports.FILE_TEAM if team_pick == FROM_FILE else team_pick),
    create_teams=create_teams,
    date_order=st.session_state.get("import_date_order"),
    mapping={header: target for header, target in mapping.items() if target},
    save_mapping=st.session_state.get("import_save_mapping", False),
)
try:
    with st.spinner("Reading the file..."):
        plan = imports.plan(path, data, upload.name, choice)
except ImportFailed as e:
    st.error(plain.md(e))
    st.stop()

st.subheader("Columns")
st.caption(
    f"Read {upload.name} as {plan.encoding}" + (f", delimiter {plan.delimiter!r}" if plan.delimiter else "") + "."
)
st.dataframe(imports.column_rows(plan), hide_index=True, key="import_columns")
if imports.date_order_is_asked(plan):
    st.selectbox(
        "The file's dates could be read day first or month first: which is it?",
        ["dmy", "mdy"],
        index=None,
        format_func=imports.ORDER_NAMES.get,
        placeholder="Choose the date order",
        key="import_date_order",
    )
for line in imports.date_lines(plan):
    st.caption(line)

with st.expander("Fix the mapping", expanded=not plan.ready):
    labels = imports.targets(menu.instrument(instrument))
    for col in plan.columns:
        key = f"import_map_{col.index}"
        label = f"{col.index + 1}. {' '.join(col.header.split()) or 'no header'}"
        if imports.is_identity(col):
            st.selectbox(label, [DROPPED], disabled=True, key=key)
            continue
        st.session_state[key] = mapping.get(col.header, imports.chosen_target(col))
        st.selectbox(
            label,
            list(labels),
            index=None,
            format_func=labels.get,
            key=key,
            placeholder="Unsure: choose what this column is",
            on_change=remember,
            args=(col.header, key),
        )

for problem in plan.problems:
    st.error(plain.md(problem))
if plan.problems:
    st.caption("On this page the selects above settle what the options in these messages settle on the command line.")
for note in plan.notes:
    st.caption(note)
if not plan.ready:
    st.stop()

st.subheader("Preview")
st.caption(
    f"The first {len(plan.preview)} of {plan.rows} responses as they would be stored: no identity, the day only."
)
st.dataframe(imports.preview_frame(plan), hide_index=True, key="import_preview")
comments = imports.preview_comments(plan)
if comments:
    st.caption("Their comments, stored apart from the answers (shown scrubbed):")
    st.markdown("\n".join(f"- {plain.md(c)}" for c in comments))
st.subheader("Rounds it will create (closed)")
st.dataframe(imports.round_rows(plan), hide_index=True, key="import_rounds")
st.checkbox(f"Save this mapping with {names[instrument]} for the next import", key="import_save_mapping")
if st.button(f"Import {plan.rows} responses", type="primary", key="import_write"):
    lines = imports.write(path, plan)
    st.session_state["import_done"] = st.session_state.get("import_done", 0) + 1  # a fresh, empty upload
    st.session_state.pop("import_for", None)  # and nothing said about its columns carries over
    page.flash("; ".join(lines))
    st.rerun()
