"""Admin: the instruments teams answer; custom ones are added from a TOML file."""

from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.labels import dimension_title
from dashboard import auth, queries
from dashboard.queries import organisation as org_queries
from dashboard.state import database, database_path
from dashboard.widgets import figures, page, plain
from pulse import instruments as instruments_package
from pulse.instruments import add_instrument, parse_toml

EXAMPLE = Path(instruments_package.__file__).with_name("example.toml")
auth.require("admin")
db, path = database(), database_path()
st.title("Instruments")
page.flash()
for inst in queries.catalogue(path).instruments:
    kind = "built in" if inst.builtin else "custom"
    with st.expander(plain.md(f"{inst.name} ({inst.key}, {kind}, {figures.plural(len(inst.questions), 'question')})")):
        st.caption(plain.md(inst.description))
        questions = [
            {"key": q.key, "question": q.text, "scale": f"{q.scale_min}-{q.scale_max}", "reversed": q.reverse,
             "in score": q.in_score, "required": q.required}
            for q in inst.questions
        ]  # fmt: skip
        figures.table(pd.DataFrame(questions), f"questions_{inst.key}")

st.subheader("Scale reliability")
scales = org_queries.reliability_table(path)
if scales.empty:
    st.info("Not enough complete responses in showable rounds yet to judge the scales.")
else:
    st.caption("Do an instrument's items measure one thing consistently? 0.7 or more is usually enough.")
    for warning in scales["warning"].loc[scales["warning"].astype(bool)]:
        st.warning(plain.md(warning))  # it names the instrument and its items
    menu = {i.key: i for i in queries.catalogue(path).instruments}
    columns = ["instrument", "items", "n", "alpha", "alpha_low", "alpha_high", "omega", "weakest_item"]
    shown = scales[columns].assign(
        instrument=[menu[k].name if k in menu else k for k in scales["instrument"]],
        weakest_item=[
            "" if item is None or pd.isna(item) else dimension_title(menu.get(k), item)
            for k, item in zip(scales["instrument"], scales["weakest_item"], strict=True)
        ],
    )
    figures.table(shown.rename(columns={"n": "responses"}), "reliability_table")

st.subheader("Add a custom instrument")
st.caption("Write the questions in plain language, about the team rather than the person. Keys cannot change later.")
with st.form("add_instrument", clear_on_submit=True):
    upload = st.file_uploader("Instrument file (TOML)", type=["toml"], key="instrument_file")
    submitted = st.form_submit_button("Add instrument", type="primary", key="instrument_add")
if submitted:
    if upload is None:
        st.warning("Choose a TOML file first.")
        st.stop()
    inst = parse_toml(upload.getvalue().decode("utf-8", errors="replace"), source=upload.name)
    add_instrument(db, inst)
    queries.after_write()
    page.flash(f"Added instrument {inst.name} ({inst.key}) with {figures.plural(len(inst.questions), 'question')}.")
    st.rerun()
if EXAMPLE.exists():
    with st.expander("Example file"):
        st.code(EXAMPLE.read_text(encoding="utf-8"), language="toml")
