"""Every command has a help text and a row in the README's command table, and the top-level list
(`teampulse --help`, read without importing the commands) says what each command says of itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from teampulse.cli import COMMANDS, main
from teampulse.cli.options import LazyGroup
from tests.cli.command_tree import every_command

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def _command_table() -> str:
    """The rows of the table under "## The `teampulse` command" (other tables name metrics, not commands)."""
    section = README.split("## The `teampulse` command", 1)[1].split("\n#", 1)[0]
    return "\n".join(line for line in section.splitlines() if line.startswith("| `"))


COMMAND_TABLE = _command_table()

EVERY_COMMAND = every_command()


@pytest.mark.parametrize(("path", "command"), EVERY_COMMAND, ids=[" ".join(p) for p, _ in EVERY_COMMAND])
def test_every_command_has_a_help_text(path, command):
    assert command.help and command.help.strip(), f"`teampulse {' '.join(path)}` has no help text"


@pytest.mark.parametrize(("path", "command"), EVERY_COMMAND, ids=[" ".join(p) for p, _ in EVERY_COMMAND])
def test_every_command_is_in_the_readme_command_table(path, command):
    # Top-level commands appear as `teampulse NAME`; subcommands as `GROUP SUB` (the table
    # abbreviates `teampulse review list` to `review list` after the first of a row).
    if len(path) == 1:
        assert f"`teampulse {path[0]}" in COMMAND_TABLE, f"`teampulse {path[0]}` is not in the README's table"
    else:
        words = r"\s+".join(re.escape(p) for p in path)
        assert re.search(rf"`(teampulse )?{words}\b", COMMAND_TABLE), (
            f"`teampulse {' '.join(path)}` is not in the README's command table"
        )


def test_the_lazy_lists_match_each_command_own_help():
    # `teampulse --help` (and `teampulse review --help`) print the registry's short help without
    # importing the command; it must say what the command says of itself.
    loaded = dict(EVERY_COMMAND)
    assert {path[0] for path in loaded} == set(COMMANDS)
    groups = [((), main), *((path, cmd) for path, cmd in EVERY_COMMAND if isinstance(cmd, LazyGroup))]
    for path, group in groups:
        for name, (_, short_help) in group.lazy_commands.items():
            own = loaded[(*path, name)].get_short_help_str(limit=1000)
            assert short_help == own, f"the registry's help for `teampulse {' '.join((*path, name))}` is stale"


def test_choices_spelled_in_the_cli_match_the_domain():
    from analysis.themes import BACKENDS
    from pulse.ops.exports import FORMATS
    from teampulse.cli.analysis import THEME_BACKENDS
    from teampulse.cli.data import EXPORT_FORMATS

    assert tuple(THEME_BACKENDS) == tuple(BACKENDS)
    assert tuple(EXPORT_FORMATS) == tuple(FORMATS)
