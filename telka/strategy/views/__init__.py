"""Strategy pages: public versions and comparisons (versions.py), and the staff area
where amendments are prepared (amendments.py)."""

from ..versions import strategy_tree
from .versions import detail

__all__ = ["detail", "strategy_tree"]
