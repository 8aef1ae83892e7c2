"""``python -m portfolio`` runs the command line."""

import sys

from portfolio.cli import entry

sys.exit(entry())
