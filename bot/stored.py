"""The stored types the Slack layer names in its signatures, so bot/listeners need not import
`storage` (as bot/states.py does for the stored states)."""

from storage.db import SessionFactory
from storage.models import Oops

__all__ = ["Oops", "SessionFactory"]
