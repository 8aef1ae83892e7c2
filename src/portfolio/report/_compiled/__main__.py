"""``python -m portfolio.report._compiled --write`` (or ``--check``): the templates' compiled modules made current."""

from __future__ import annotations

import argparse
import sys

from portfolio.report._templates import COMPILED, module_name, stale, write


def main(argv: list[str] | None = None) -> int:
    """Write the stale modules (``--write``) or list them (``--check``, exit status 1 when there are any)."""
    parser = argparse.ArgumentParser(prog="python -m portfolio.report._compiled", description=__doc__)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="write each stale module into the package")
    action.add_argument("--check", action="store_true", help="list the stale modules; exit status 1 if any")
    args = parser.parse_args(argv)
    names = write() if args.write else stale()
    verb = "written" if args.write else "stale"
    for name in names:
        sys.stdout.write(f"{verb}: {COMPILED / module_name(name)}.py (templates/{name})\n")
    if not names:
        sys.stdout.write(f"every module in {COMPILED} is current\n")
    return 1 if args.check and names else 0


if __name__ == "__main__":
    sys.exit(main())
