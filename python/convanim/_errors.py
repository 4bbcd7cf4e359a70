"""The package's exceptions: the binding's, so that C++ and Python errors are the same classes."""
from ._convanim import ConfigError, OutputError  # ConfigError is a ValueError, OutputError an OSError


class NotDrawnWarning(UserWarning):
    """A module's layer convanim cannot draw: the figure stops below it."""


__all__ = ["ConfigError", "OutputError", "NotDrawnWarning"]
