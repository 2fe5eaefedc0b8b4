"""Exit codes and the one-line user errors of the command line (see README, "Errors and
exit codes"). A user error prints `Error: <one line>` on stderr, never a traceback."""

from __future__ import annotations

import click

EXIT_OK = 0
EXIT_INPUT = 1  # a bad document or queries file, or nothing found for what was asked
EXIT_USAGE = 2  # a bad command line: option out of range, empty query, unknown filter value
EXIT_INDEX = 3  # the index is missing, damaged, or built with another model or format
EXIT_PARTIAL = 4  # `index` published the good documents but skipped some bad ones
EXIT_BUG = 70  # an unexpected internal error (sysexits EX_SOFTWARE): please report it


class UserError(click.ClickException):
    """A user error with its exit code, printed as one line."""

    def __init__(self, message: str, code: int = EXIT_INPUT) -> None:
        super().__init__(" ".join(message.split()))
        self.exit_code = code

