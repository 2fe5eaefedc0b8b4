"""The command group: commands defined in other modules (`cli.COMMANDS`) are found, listed
and loaded only when used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from greta_search.cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parent.parent


def test_every_registered_command_loads_under_its_own_name():
    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert isinstance(command, click.Command) and command.name == name


def test_help_lists_the_group_and_the_registered_commands():
    listed = CliRunner().invoke(cli, ["--help"]).output
    commands = listed.split("Commands:")[1].split()
    assert set(COMMANDS) | {"search", "show", "ask", "compare"} <= set(commands)
    assert cli.list_commands(click.Context(cli)) == sorted(cli.list_commands(click.Context(cli)))


def test_a_command_imports_only_its_own_module():
    probe = ("import sys\nfrom greta_search.cli import cli\n"
             "cli(['provisions', '--help'], standalone_mode=False)\n"
             "print(sorted(m for m in sys.modules if m.startswith('greta_search.cli_')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert done.stdout.strip().splitlines()[-1] == "['greta_search.cli_records']"
