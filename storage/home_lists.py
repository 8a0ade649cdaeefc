"""How long the App Home's lists are (pages come from repositories.list_*). Queries only."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Answer, Oops


def count_oopses(s: Session, *, team_id: str, author_id: str) -> int:
    """How many oopses the author has."""
    return s.scalar(
        select(func.count(Oops.id)).where(Oops.team_id == team_id, Oops.author_id == author_id)
    )


def count_answers(s: Session, *, team_id: str, author_id: str) -> int:
    """How many check-in answers the author has."""
    return s.scalar(
        select(func.count(Answer.id)).where(
            Answer.team_id == team_id, Answer.author_id == author_id
        )
    )
