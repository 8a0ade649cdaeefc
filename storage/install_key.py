"""Which installation served an oops: the key slack_sdk's installation store finds a bot by."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NotRequired, TypedDict, Unpack

from sqlalchemy import ColumnElement, and_, false, func, or_, select

from storage.models import Oops


@dataclass(frozen=True)
class InstallKey:
    """An installation's key, as Bolt's authorize looks it up.

    - a workspace install (Grid or not): `team_id` set, `enterprise_id` its org or None;
    - an org-wide install: `is_enterprise_install` True, `enterprise_id` set, `team_id` None.
    The author's own team (Slack Connect: another organisation's) is not this: it says who they
    are, this says whose token sends to them.
    """

    enterprise_id: str | None
    team_id: str | None
    is_enterprise_install: bool = False

    def __post_init__(self) -> None:
        # The store ignores the team of an org-wide install; so does the key (one spelling).
        if self.is_enterprise_install:
            object.__setattr__(self, "team_id", None)
        object.__setattr__(self, "enterprise_id", self.enterprise_id or None)
        object.__setattr__(self, "team_id", self.team_id or None)

    @classmethod
    def of_team(cls, team_id: str) -> InstallKey:
        """A plain workspace install outside any Grid org (rows from before 0007)."""
        return cls(enterprise_id=None, team_id=team_id)

    @property
    def org_wide(self) -> InstallKey | None:
        """The org-wide installation that also serves this Grid workspace (an admin can install
        the app for the whole org after a workspace installed it); None for one already
        org-wide or outside any org."""
        if self.is_enterprise_install or self.enterprise_id is None:
            return None
        return InstallKey(self.enterprise_id, None, is_enterprise_install=True)

    @property
    def columns(self) -> dict[str, object]:
        """The key as the `install_*` column values of an oops or check-in row."""
        return {
            "install_enterprise_id": self.enterprise_id,
            "install_team_id": self.team_id,
            "is_enterprise_install": self.is_enterprise_install,
        }

    def __str__(self) -> str:  # for logs: ids only
        org = " org-wide" if self.is_enterprise_install else ""
        return f"enterprise={self.enterprise_id or '-'} team={self.team_id or '-'}{org}"


def key_of_row(row: object) -> InstallKey:
    """The key kept in a row (or result row) with `install_*` columns."""
    return InstallKey(
        enterprise_id=row.install_enterprise_id,  # type: ignore[attr-defined]
        team_id=row.install_team_id,  # type: ignore[attr-defined]
        is_enterprise_install=bool(row.is_enterprise_install),  # type: ignore[attr-defined]
    )


def served_by(model: type, key: InstallKey) -> ColumnElement[bool]:
    """SQL: rows of `model` (with `install_*` columns) that `key`'s installation served.

    An org-wide install is its enterprise's; a workspace install its team's (team ids are unique
    across Slack, so the enterprise need not match: an event may omit it).
    """
    if key.is_enterprise_install:
        return and_(
            model.is_enterprise_install.is_(True),  # type: ignore[attr-defined]
            model.install_enterprise_id == key.enterprise_id,  # type: ignore[attr-defined]
        )
    return and_(
        model.is_enterprise_install.is_(False),  # type: ignore[attr-defined]
        model.install_team_id == key.team_id,  # type: ignore[attr-defined]
    )


def served_by_any(model: type, keys: Iterable[InstallKey]) -> ColumnElement[bool]:
    """SQL: rows of `model` that any of `keys` served, as `served_by` says for one, in two IN
    lists; never NULL (a row with no team or enterprise is simply not matched), so it is safe
    under NOT."""
    keys = set(keys)
    teams = {k.team_id for k in keys if not k.is_enterprise_install and k.team_id}
    orgs = {k.enterprise_id for k in keys if k.is_enterprise_install and k.enterprise_id}
    terms = []
    if teams:
        terms.append(
            and_(
                model.is_enterprise_install.is_(False),  # type: ignore[attr-defined]
                func.coalesce(model.install_team_id, "").in_(teams),  # type: ignore[attr-defined]
            )
        )
    if orgs:
        terms.append(
            and_(
                model.is_enterprise_install.is_(True),  # type: ignore[attr-defined]
                func.coalesce(model.install_enterprise_id, "").in_(orgs),  # type: ignore[attr-defined]
            )
        )
    return or_(*terms) if terms else false()


def kept_under(
    model: type, *, team_id: str, author_id: str, install: InstallKey | None
) -> ColumnElement[bool]:
    """SQL: rows of `model` kept under the person's `team_id` or, with `install`, under an
    oops of `author_id`'s that `install` served (by the row's own key, else its oops's).

    The App Home event names the installation's team, which is not a Slack Connect author's
    own; their user id (which keeps its home team's across organisations) and the
    installation find their rows. The caller still says whose rows (`author_id == ...`).
    """
    mine = model.team_id == team_id  # type: ignore[attr-defined]
    if install is None:
        return mine
    if hasattr(model, "install_team_id"):
        return or_(mine, served_by(model, install))
    theirs = select(Oops.id).where(Oops.author_id == author_id, served_by(Oops, install))
    return or_(mine, model.oops_id.in_(theirs))  # type: ignore[attr-defined]


class Whose(TypedDict):
    """Whose rows a query wants: the author, their own team, and (optionally) the
    installation a request came through (`kept_under`)."""

    team_id: str
    author_id: str
    install: NotRequired[InstallKey | None]


def authored_by(model: type, **whose: Unpack[Whose]) -> ColumnElement[bool]:
    """SQL: rows of `model` that `author_id` wrote, kept as `kept_under` says."""
    author_id = whose["author_id"]
    return and_(
        model.author_id == author_id,  # type: ignore[attr-defined]
        kept_under(
            model, team_id=whose["team_id"], author_id=author_id, install=whose.get("install")
        ),
    )
