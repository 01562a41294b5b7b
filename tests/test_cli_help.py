"""Every command explains itself: `targetwatch --help` and each subcommand's --help."""

import pytest
from click.testing import CliRunner

from orchestration.cli.main import cli


def commands(group=cli, prefix=()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if hasattr(command, "commands"):
            yield from commands(command, (*prefix, name))


ALL = list(commands())


def test_the_top_level_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in ("run", "status", "report", "parse", "targets"):
        assert name in result.output
    assert "targetwatch run" in result.output  # says where to start


@pytest.mark.parametrize(("path", "command"), ALL, ids=[" ".join(p) for p, _ in ALL])
def test_each_subcommand_explains_itself(path, command):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: ")
    summary = (command.help or "").strip()
    assert len(summary) > 30, f"{' '.join(path)} has no real description"
    assert summary.split("\n")[0].rstrip(".") in " ".join(result.output.split())


def test_the_expected_commands_exist():
    assert {" ".join(p) for p, _ in ALL} >= {"run", "status", "report", "parse", "targets", "targets extract"}
