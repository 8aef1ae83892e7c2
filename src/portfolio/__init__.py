"""portfolio: track a government IT migration portfolio."""

__version__ = "0.1.0"
