"""The `montage` command. Each desk registers its subcommands; all call the same services as the web.

Errors a user can act on print as one line on stderr and exit 2; no traceback reaches the user
(set MONTAGE_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib import import_module

from montage.errors import MontageError

# Modules exposing `register(subparsers)`; each sets `func` on its parsers.
COMMAND_MODULES = [
    "montage.law.cli",
    "montage.web.cli",
    "montage.fund.cli",
    "montage.web.ledger.bench",
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like every other input error
        self.exit(2, f"montage: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="montage", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for name in COMMAND_MODULES:
        import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args) or 0
    except BrokenPipeError:  # the reader (e.g. `head`) closed the pipe: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except MontageError as error:
        print(f"montage: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 - the user gets one line, not a traceback
        if os.environ.get("MONTAGE_DEBUG"):
            raise
        print(f"montage: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
