"""The layers of ../shared/ARCHITECTURE.md (docs/architecture.md), read from the source itself.

Every module of pulse/, analysis/, dashboard/ and teampulse/ is parsed with ``ast``: its imports
(module level and inside functions, relative ones resolved, ``importlib.import_module("...")`` with a
literal name) and its string literals (the SQL). A rule that breaks names the file, the line and what
it reached for. The last tests feed the checker deliberate violations to prove it can fail.
"""

from __future__ import annotations

import ast
import functools
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("pulse", "analysis", "dashboard", "teampulse")

# Tables that hold what people answered and what was derived from it. Only the one door reads them.
RESPONSE_TABLES = ("answers", "comments", "round_stats", "blocks", "block_rounds", "perspectives")

# Writers outside the door that must read those tables, each for a reason a read cannot serve.
# Keep this short: a new entry is a new place where anonymity can break.
RESPONSE_READERS_OUTSIDE_RESULTS = {
    # Closing rounds freezes their statistics (from answers) and forms the block plan (blocks, block_rounds).
    "pulse/closing.py": "freezes statistics and forms the block plan when rounds close",
    # Purging keeps only statistics of shown blocks, merged per pooled block.
    "pulse/ops/retention.py": "purges answers and keeps merged statistics of shown blocks",
    # Backup and restore copy every table, by name from the known schema.
    "pulse/ops/backup.py": "copies every table into and out of a backup",
    # Sealing, shuffling and migrations rewrite whole tables.
    "pulse/store/": "seals the file, shuffles tables, migrates the schema",
    # Releasing a review's perspectives counts them against k and hands the texts to the facilitator.
    "pulse/reviews/perspectives.py": "counts perspectives against k and releases them",
}
# These name their tables at run time (f-strings over the known schema), so no literal shows the read.
NAMES_TABLES_AT_RUN_TIME = ("pulse/store/", "pulse/ops/backup.py")

# Breaks found in the tree (file and rule, no line), to be fixed by the module's owner; each also fails
# test_known_violations_are_fixed (strict xfail), which passes, and so fails, once the break is gone.
# Breaks found and not yet fixed, each with why; a strict xfail below turns red once one is fixed.
KNOWN_VIOLATIONS: set[str] = set()

# What a respondent's browser loads: importing analysis there would load scikit-learn for everyone.
ANONYMOUS_MODULES = (
    "dashboard/app_pages/take_pulse.py",
    "dashboard/app_pages/perspective.py",
    "dashboard/queries/public.py",
)

# An SQL keyword in capitals, as every query of this code base writes them; prose says "from" in lower case.
SQL_STATEMENT = re.compile(r"\b(SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+\w+|DROP\s+\w+)\b")
TABLE_READ = re.compile(r"(?<!DELETE )\b(?:FROM|JOIN)\s+\"?(" + "|".join(RESPONSE_TABLES) + r")\b\"?(?!\s*\()")


@dataclass(frozen=True)
class Module:
    """One parsed source file: its path relative to the checkout, its dotted name and its tree."""

    path: str
    name: str
    tree: ast.Module

    @property
    def package(self) -> str:
        return self.name.split(".")[0]

    def within(self, prefix: str) -> bool:
        """Whether the file lies under ``prefix`` (a folder ending in '/' or one file)."""
        return self.path.startswith(prefix) if prefix.endswith("/") else self.path == prefix


@dataclass(frozen=True)
class Import:
    module: str
    line: int


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    rule: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}"

    @property
    def key(self) -> str:
        """File and rule without the line, so that edits above a known break do not move it."""
        return f"{self.path}: {self.rule}"


def parse(path: str, source: str) -> Module:
    """A module from its path relative to the checkout (e.g. 'pulse/closing.py') and its source."""
    parts = list(Path(path).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return Module(path, ".".join(parts), ast.parse(source, filename=path))


def imports(module: Module) -> list[Import]:
    """Every module name the source imports, wherever the import statement stands."""
    found = []
    is_package = module.path.endswith("__init__.py")
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.name.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join(anchor + ([base] if base else []))
            # `from pulse import results` imports pulse.results: record both the package and its member.
            if base:
                found.append(Import(base, node.lineno))
            prefix = base + "." if base else ""
            found += [Import(prefix + alias.name, node.lineno) for alias in node.names if alias.name != "*"]
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append(Import(first.value, node.lineno))
    return found


def _is_dynamic_import(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id in ("__import__", "import_module")
    return isinstance(func, ast.Attribute) and func.attr == "import_module"


def _docstrings(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def strings(module: Module) -> list[tuple[str, int]]:
    """String literals that are not docstrings, with their line; an f-string gives its literal parts joined."""
    # Docstrings are prose; an f-string's literal parts are read once, joined, as the f-string.
    skip = _docstrings(module.tree) | {
        id(part) for node in ast.walk(module.tree) if isinstance(node, ast.JoinedStr) for part in node.values
    }
    found = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(p.value if isinstance(p, ast.Constant) else " {} " for p in node.values)
            found.append((text, node.lineno))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            found.append((node.value, node.lineno))
    return found


def calls_to(module: Module, attribute: str) -> list[int]:
    """Lines that call a method named ``attribute`` (``cur.execute(...)``, ``con.sql(...)``)."""
    return [
        node.lineno
        for node in ast.walk(module.tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == attribute
    ]


def _reaches(name: str, targets: tuple[str, ...]) -> bool:
    return any(name == target or name.startswith(target + ".") for target in targets)


def forbidden_imports(module: Module, targets: tuple[str, ...], why: str) -> list[Violation]:
    """Imports of ``module`` that reach any of ``targets`` (a package or one of its modules)."""
    return [
        Violation(module.path, imp.line, f"imports {imp.module} ({why})")
        for imp in imports(module)
        if _reaches(imp.module, targets)
    ]


def database_calls(module: Module, why: str) -> list[Violation]:
    """Calls of ``.execute(`` or ``.sql(``: the ways to send SQL to DuckDB."""
    return [
        Violation(module.path, line, f"calls .{method}( ({why})")
        for method in ("execute", "sql")
        for line in calls_to(module, method)
    ]


def sql_literals(module: Module, why: str = "pages hold no SQL") -> list[Violation]:
    """String literals that hold an SQL statement."""
    return [
        Violation(module.path, line, f"holds SQL {text.strip()[:60]!r} ({why})")
        for text, line in strings(module)
        if SQL_STATEMENT.search(text)
    ]


def response_table_reads(module: Module) -> list[Violation]:
    """Reads of a response table outside the door and its allow-listed writers."""
    if module.within("pulse/results/") or any(module.within(p) for p in RESPONSE_READERS_OUTSIDE_RESULTS):
        return []
    return [
        Violation(module.path, line, f"reads {match.group(1)} (only pulse/results/ reads the response tables)")
        for text, line in strings(module)
        for match in TABLE_READ.finditer(text)
    ]


def check(module: Module) -> list[Violation]:
    """Every rule of the layers that this one module breaks."""
    found = []
    if module.package == "pulse":
        found += forbidden_imports(
            module, ("analysis", "dashboard", "teampulse", "streamlit", "click"), "pulse imports nothing above it"
        )
    if module.package == "analysis":
        found += forbidden_imports(
            module, ("dashboard", "teampulse", "streamlit", "click"), "analysis imports nothing above it"
        )
        found += forbidden_imports(module, ("duckdb", "pulse.store"), "analysis never touches the database")
        found += database_calls(module, "analysis never touches the database")
    if module.package != "dashboard":
        found += forbidden_imports(module, ("streamlit",), "streamlit only in dashboard/")
    if module.package != "teampulse":
        found += forbidden_imports(module, ("click",), "click only in teampulse/")
    # The two application layers are siblings: the command line reaches a running server over HTTP
    # (teampulse/client.py), never by importing it, and the dashboard never loads the command line.
    if module.package == "teampulse":
        found += forbidden_imports(module, ("dashboard",), "the command line reaches the server over HTTP only")
    if module.package == "dashboard":
        found += forbidden_imports(module, ("teampulse",), "the dashboard never imports the command line")
    # The server's HTTP routes (dashboard/server/) are pages without a browser: they call the domain
    # and pulse.results, and hold no SQL of their own.
    if module.within("dashboard/server/"):
        found += forbidden_imports(module, ("duckdb",), "server routes reach the data through the domain")
        found += sql_literals(module, "server routes hold no SQL")
        found += database_calls(module, "server routes hold no SQL")
    if module.within("dashboard/app_pages/"):
        found += forbidden_imports(module, ("duckdb", "pulse.store"), "pages reach the data through dashboard/queries")
        found += sql_literals(module)
        found += database_calls(module, "pages hold no SQL")
    if module.path in ANONYMOUS_MODULES:
        found += forbidden_imports(module, ("analysis",), "the anonymous pages load no analysis")
    return found + response_table_reads(module)


@functools.cache
def product_modules(root: Path = ROOT) -> list[Module]:
    """Every Python module of the product packages found under ``root``."""
    return [
        parse(path.relative_to(root).as_posix(), path.read_text(encoding="utf-8"))
        for package in PACKAGES
        for path in sorted((root / package).rglob("*.py"))
    ]


def test_the_tree_is_found():
    names = {m.name for m in product_modules()}
    assert {"pulse.results", "pulse.closing", "analysis.trends", "dashboard.app", "teampulse.cli"} <= names


@functools.cache
def violations_in_tree() -> list[Violation]:
    return [v for module in product_modules() for v in check(module)]


def test_no_module_breaks_a_layer_rule():
    violations = [str(v) for v in violations_in_tree() if v.key not in KNOWN_VIOLATIONS]
    assert violations == [], "\n".join(violations)


@pytest.mark.skipif(not KNOWN_VIOLATIONS, reason="no known breaks")
@pytest.mark.xfail(strict=True, reason="known breaks: " + "; ".join(sorted(KNOWN_VIOLATIONS)))
def test_known_violations_are_fixed():
    assert not KNOWN_VIOLATIONS & {v.key for v in violations_in_tree()}


def test_every_allowed_reader_exists_and_still_reads():
    """An allow-list entry whose file no longer reads a response table is stale: remove it."""
    modules = product_modules()
    for prefix in RESPONSE_READERS_OUTSIDE_RESULTS:
        under = [m for m in modules if m.within(prefix)]
        assert under, f"{prefix} is allow-listed but does not exist"
        reads = [m.path for m in under for text, _ in strings(m) if TABLE_READ.search(text)]
        if prefix not in NAMES_TABLES_AT_RUN_TIME:
            assert reads, f"{prefix} is allow-listed but reads no response table"


# The checker itself: each rule, broken on purpose, is reported.


def violations_of(path: str, source: str) -> list[str]:
    return [v.rule for v in check(parse(path, source))]


def test_a_planted_upward_import_in_a_copy_of_the_tree_is_found(tmp_path):
    shutil.copytree(ROOT / "pulse", tmp_path / "pulse", ignore=shutil.ignore_patterns("__pycache__"))
    planted = tmp_path / "pulse" / "results" / "planted.py"
    planted.write_text(
        "def trend(frame):\n    from analysis.trends import team_trends\n    return team_trends(frame)\n"
    )
    found = [str(v) for module in product_modules(tmp_path) for v in check(module)]
    assert "pulse/results/planted.py:2: imports analysis.trends (pulse imports nothing above it)" in found


def test_an_upward_import_in_pulse_is_reported():
    assert violations_of("pulse/rounds.py", "from analysis import trends\n") == [
        "imports analysis (pulse imports nothing above it)",
        "imports analysis.trends (pulse imports nothing above it)",
    ]


def test_an_upward_import_inside_a_function_is_reported():
    source = "def themes(db):\n    import dashboard.charts\n    return dashboard.charts\n"
    assert violations_of("pulse/reviews/perspectives.py", source) == [
        "imports dashboard.charts (pulse imports nothing above it)"
    ]


def test_a_relative_upward_import_is_resolved_and_reported():
    assert violations_of("pulse/results/team.py", "from ... import analysis\n") == [
        "imports analysis (pulse imports nothing above it)"
    ]
    assert violations_of("pulse/results/team.py", "from .. import closing\n") == []


def test_a_dynamic_import_of_streamlit_is_reported():
    source = "import importlib\nst = importlib.import_module('streamlit')\n"
    assert violations_of("pulse/ops/scheduler.py", source) == [
        "imports streamlit (pulse imports nothing above it)",
        "imports streamlit (streamlit only in dashboard/)",
    ]


def test_analysis_touching_the_database_is_reported():
    source = "import duckdb\n\ndef mean(cur):\n    return cur.execute('SELECT 1').fetchone()\n"
    assert violations_of("analysis/trends.py", source) == [
        "imports duckdb (analysis never touches the database)",
        "calls .execute( (analysis never touches the database)",
    ]


def test_click_outside_the_cli_and_streamlit_outside_the_dashboard_are_reported():
    assert violations_of("analysis/alerts.py", "import click\n") == [
        "imports click (analysis imports nothing above it)",
        "imports click (click only in teampulse/)",
    ]
    assert violations_of("teampulse/cli/setup.py", "import streamlit as st\n") == [
        "imports streamlit (streamlit only in dashboard/)"
    ]
    assert violations_of("dashboard/app.py", "import streamlit as st\n") == []


def test_sql_in_a_page_is_reported_but_prose_is_not():
    source = (
        '"""Shows answers from comments people wrote."""\n'
        "import duckdb\n"
        "def show(cur):\n"
        '    """Select from the list below."""\n'
        '    st.caption("Pick what to show from answers.")\n'
        '    return cur.execute("SELECT name FROM teams").fetchall()\n'
    )
    assert violations_of("dashboard/app_pages/trends.py", source) == [
        "imports duckdb (pages reach the data through dashboard/queries)",
        "holds SQL 'SELECT name FROM teams' (pages hold no SQL)",
        "calls .execute( (pages hold no SQL)",
    ]


def test_analysis_in_an_anonymous_page_is_reported():
    assert violations_of("dashboard/app_pages/take_pulse.py", "from analysis.labels import dimension_label\n") == [
        "imports analysis.labels (the anonymous pages load no analysis)",
        "imports analysis.labels.dimension_label (the anonymous pages load no analysis)",
    ]
    assert violations_of("dashboard/app_pages/trends.py", "from analysis import labels\n") == []


def test_reading_a_response_table_outside_the_door_is_reported():
    source = (
        "def peek(cur, rid):\n"
        '    sql = f"SELECT a.value FROM answers a JOIN block_rounds br ON br.round_id = a.round_id WHERE {rid}"\n'
        "    return cur.execute(sql)\n"
    )
    assert violations_of("pulse/rounds.py", source) == [
        "reads answers (only pulse/results/ reads the response tables)",
        "reads block_rounds (only pulse/results/ reads the response tables)",
    ]
    assert violations_of("pulse/results/team.py", source) == []
    assert violations_of("pulse/closing.py", source) == []


def test_writes_and_prose_are_not_reads():
    source = (
        '"""Removed from comments before anyone reads them."""\n'
        'DELETE = "DELETE FROM comments WHERE round_id = ?"\n'
        'INSERT = "INSERT INTO answers SELECT * FROM unnest(?)"\n'
        'TEXT = "Nothing from answers is shown."\n'
    )
    assert violations_of("pulse/responses.py", source) == []


def test_the_command_line_and_the_server_import_each_other_never():
    assert violations_of("teampulse/cli/results.py", "from dashboard.server import api\n") == [
        "imports dashboard.server (the command line reaches the server over HTTP only)",
        "imports dashboard.server.api (the command line reaches the server over HTTP only)",
    ]
    assert violations_of("dashboard/server/api.py", "import teampulse.client\n") == [
        "imports teampulse.client (the dashboard never imports the command line)"
    ]


def test_sql_in_a_server_route_is_reported():
    source = (
        "import duckdb\n"
        "def trends(call):\n"
        '    return call.context.database().cursor().execute("SELECT mean FROM round_stats").fetchall()\n'
    )
    assert violations_of("dashboard/server/api.py", source) == [
        "imports duckdb (server routes reach the data through the domain)",
        "holds SQL 'SELECT mean FROM round_stats' (server routes hold no SQL)",
        "calls .execute( (server routes hold no SQL)",
        "reads round_stats (only pulse/results/ reads the response tables)",
    ]
