"""``python -m portfolio`` runs the command line."""

import os
import sys

# ``python -m`` puts the current folder first on the import path. A portfolio's ``rules: load:`` names
# modules to import, so run inside a portfolio (or a repository holding one) it would import a module from
# there: checking a portfolio must not run code from it (docs/rules.md). The console script never has it.
if not sys.flags.safe_path and sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from portfolio.cli import entry  # after the import path is made safe

sys.exit(entry())
