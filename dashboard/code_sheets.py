"""Code sheets: the one-time codes of a round as CSV and as a printable page of cut-out slips."""

from __future__ import annotations

import csv
import html
import io

from pulse.ops.exports import neutralise_formula

SLIP = """<div class="slip"><div class="team">{team} &middot; {survey}</div>
<div>Go to <b>{url}</b> and enter this one-time code:</div><div class="code">{code}</div>
<div class="small">Anonymous: nothing links this code to you or to your answers. It works once.</div></div>"""

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>TeamPulse codes: {team}</title>
<style>
body {{ font-family: sans-serif; margin: 1cm; }}
.sheet {{ display: grid; grid-template-columns: 1fr 1fr; gap: 0; }}
.slip {{ border: 1px dashed #777; padding: 0.6cm; page-break-inside: avoid; }}
.team {{ font-weight: bold; margin-bottom: 0.2cm; }}
.code {{ font-family: monospace; font-size: 1.4em; letter-spacing: 0.08em; margin: 0.3cm 0; }}
.small {{ font-size: 0.8em; color: #444; }}
@media print {{ .hint {{ display: none; }} }}
</style></head><body>
<p class="hint">Print this page, cut along the dashed lines, shuffle the slips and hand them out at random.
Spare slips hide who did not answer: destroy them after the round closes.</p>
<div class="sheet">{slips}</div></body></html>"""


def codes_csv(codes: list[str], team: str, survey: str) -> bytes:
    """The codes as CSV; team and survey names are admin-written, so formulas in them are neutralised."""
    out = io.StringIO()
    # CRLF (RFC 4180) also makes the writer quote a CR inside a cell instead of leaving it bare.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["team", "survey", "code"])
    writer.writerows([neutralise_formula(v) for v in (team, survey, code)] for code in codes)
    return out.getvalue().encode()


def codes_html(codes: list[str], team: str, survey: str, url: str) -> bytes:
    esc = html.escape
    slips = "\n".join(SLIP.format(team=esc(team), survey=esc(survey), url=esc(url), code=esc(c)) for c in codes)
    return PAGE.format(team=esc(team), slips=slips).encode()
