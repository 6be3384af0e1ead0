"""Admin: exports (suppressed results, and the anonymous rows on request) and a backup of the database."""

import io
import tempfile
import zipfile
from pathlib import Path

import streamlit as st

from dashboard import auth
from dashboard.state import database
from pulse.ops import exports
from pulse.ops.backup import backup_bytes


def zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, file.name)
    return buffer.getvalue()


auth.require("admin")
db = database()
st.title("Exports and backup")

st.subheader("Export results")
st.markdown("Team, tribe and organisation figures, suppressed exactly as on every page, and participation counts.")
fmt = st.segmented_control("Format", exports.FORMATS, default="csv", key="export_format")
raw = st.checkbox("Also the anonymous answer rows and scrubbed comments (raw export)", key="export_raw")
if raw:
    st.warning("Raw rows are not suppressed by k. Share them only as your data policy allows, never to assess anyone.")
if st.button("Prepare export", key="export_prepare"):
    with st.spinner("Exporting..."), tempfile.TemporaryDirectory() as folder:
        exports.export(db, folder, fmt or "csv", raw)
        st.session_state["export_zip"] = zipped(Path(folder))
if "export_zip" in st.session_state:
    st.download_button("Download export (zip)", st.session_state["export_zip"], "teampulse-export.zip",
                       "application/zip", key="export_download", on_click="ignore")  # fmt: skip

st.subheader("Backup")
st.markdown(
    "A consistent copy of the whole database file, taken while the dashboard runs. It holds password hashes and"
    " the key that protects codes: keep it as safe as the database itself."
)
if st.button("Prepare backup", key="backup_prepare"):
    with st.spinner("Copying the database..."):
        st.session_state["backup_file"] = backup_bytes(db)
if "backup_file" in st.session_state:
    st.download_button("Download backup", st.session_state["backup_file"], "teampulse-backup.duckdb",
                       "application/octet-stream", key="backup_download", on_click="ignore")  # fmt: skip
