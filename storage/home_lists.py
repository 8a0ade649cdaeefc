"""How long the App Home's lists are (pages come from repositories.list_*). Queries only."""

from __future__ import annotations

from typing import Unpack

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.install_key import Whose, authored_by
from storage.models import Answer, Oops


def count_oopses(s: Session, **whose: Unpack[Whose]) -> int:
    """How many oopses the author has (with `install`, as repositories.list_oopses)."""
    return s.scalar(select(func.count(Oops.id)).where(authored_by(Oops, **whose)))


def count_answers(s: Session, **whose: Unpack[Whose]) -> int:
    """How many check-in answers the author has (with `install`, as list_answers)."""
    return s.scalar(select(func.count(Answer.id)).where(authored_by(Answer, **whose)))
