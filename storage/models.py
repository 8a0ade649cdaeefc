"""SQLAlchemy 2 typed models: the database is the source of truth for oopses and nudges."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.states import (
    Delivery,
    NudgeKind,
    NudgeStatus,
    PostStatus,
    ReplyKind,
    Severity,
    StepStatus,
    TypedOutcome,
)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC, returns aware UTC datetimes on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def state(enum: type[StrEnum]) -> Enum:
    """A VARCHAR(16) column holding one of `enum`'s values (not its member names): writing any
    other string raises before it reaches the database, and rows load as `enum` members."""
    return Enum(
        enum,
        native_enum=False,
        validate_strings=True,
        length=16,
        values_callable=lambda members: [m.value for m in members],
    )


class Base(DeclarativeBase):
    """Declarative base of every oops table."""


# Every column that holds a Slack user id says whose data the row is (storage/privacy.py
# exports and forgets by these; tests/storage/test_privacy.py fails on a column without one).
# OWNER: the row is this person's own. NAMED: the person is named in someone else's row; on
# forget the row goes, or with `forget_to` the name is replaced by that column's value.
OWNER = {"person": "owner"}
NAMED = {"person": "named"}


class Oops(Base):
    """One owned-up mistake and where its message went."""

    __tablename__ = "oopses"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    author_id: Mapped[str] = mapped_column(String(32), info=OWNER)
    what_happened: Mapped[str] = mapped_column(Text)
    impact: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[Severity] = mapped_column(state(Severity))
    repair: Mapped[str] = mapped_column(Text, default="")
    prevention: Mapped[str] = mapped_column(Text, default="")
    message: Mapped[str] = mapped_column(Text)
    delivery: Mapped[Delivery] = mapped_column(state(Delivery))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    permalink: Mapped[str | None] = mapped_column(Text)
    # PostStatus: the row is written as `posting` before chat.postMessage (the intent) and
    # finished as `posted` with the ts; `unknown` when Slack's answer was lost.
    status: Mapped[PostStatus] = mapped_column(state(PostStatus), default=PostStatus.POSTED)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When `status` last changed: how long a post has been unconfirmed is counted from here.
    status_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The installation that served it (storage/install_key.py): its bot sends the check-ins.
    # `team_id` is the author's own team, which differs for a Slack Connect author.
    install_enterprise_id: Mapped[str | None] = mapped_column(String(32))
    install_team_id: Mapped[str | None] = mapped_column(String(32))
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)

    affected: Mapped[list[AffectedPerson]] = relationship(
        back_populates="oops", cascade="all, delete-orphan", order_by="AffectedPerson.id"
    )
    nudges: Mapped[list[Nudge]] = relationship(
        back_populates="oops", cascade="all, delete-orphan", order_by="Nudge.id"
    )

    __table_args__ = (
        Index("ix_oopses_author", "team_id", "author_id", "created_at"),
        Index("ix_oopses_status", "status", "status_at"),
        # A reply button on a message posted before buttons carried the oops id.
        Index("ix_oopses_message", "channel_id", "message_ts"),
        # Uninstall: a workspace's (or an org's) oopses, found by the installation's key.
        Index("ix_oopses_install", "install_team_id", "install_enterprise_id"),
        # App Home by installation: the viewer's oopses under any team (a Slack Connect author).
        Index("ix_oopses_by_author", "author_id", "created_at"),
    )


class AffectedPerson(Base):
    """Someone the author named as affected by an oops."""

    __tablename__ = "affected_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    oops_id: Mapped[int] = mapped_column(ForeignKey("oopses.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(32), info=NAMED)

    oops: Mapped[Oops] = relationship(back_populates="affected")


class Draft(Base):
    """Modal input between the compose step and posting (private_metadata is too small for it)."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    author_id: Mapped[str] = mapped_column(String(32), index=True, info=OWNER)
    fields: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The oops being posted from this draft; NULL while the draft is open. The draft is kept
    # until Slack's answer is known, and this claim stops a second press posting it twice.
    posting_oops_id: Mapped[int | None] = mapped_column(Integer)
    # When the "your draft is kept" DM was claimed; set once by a conditional update, so two
    # closes of one modal (two devices, a replay) remind once.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Nudge(Base):
    """A timed DM prompt; a row, so it survives restarts and several replicas share it."""

    __tablename__ = "nudges"

    id: Mapped[int] = mapped_column(primary_key=True)
    oops_id: Mapped[int] = mapped_column(ForeignKey("oopses.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[str] = mapped_column(String(32))
    author_id: Mapped[str] = mapped_column(String(32), info=OWNER)
    kind: Mapped[NudgeKind] = mapped_column(state(NudgeKind))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # NudgeStatus: pending -> sending (claimed) -> sent | unknown -> answered | skipped
    status: Mapped[NudgeStatus] = mapped_column(state(NudgeStatus), default=NudgeStatus.PENDING)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claim_token: Mapped[str | None] = mapped_column(String(36))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    # Copied from the oops: the sweep claims check-ins without joining oopses.
    install_enterprise_id: Mapped[str | None] = mapped_column(String(32))
    install_team_id: Mapped[str | None] = mapped_column(String(32))
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)
    # The prevention step a STEP_* nudge is about (its recipient is `author_id`); else NULL.
    step_id: Mapped[int | None] = mapped_column(
        ForeignKey("prevention_actions.id", ondelete="CASCADE"), index=True
    )

    oops: Mapped[Oops] = relationship(back_populates="nudges")

    # The sweep asks "which pending rows are due" and "which claims have lapsed".
    __table_args__ = (
        Index("ix_nudges_due", "status", "next_attempt_at"),
        Index("ix_nudges_lease", "status", "claimed_until"),
    )


class Answer(Base):
    """The author's private answer to a nudge."""

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    nudge_id: Mapped[int] = mapped_column(ForeignKey("nudges.id", ondelete="CASCADE"), index=True)
    oops_id: Mapped[int] = mapped_column(ForeignKey("oopses.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[str] = mapped_column(String(32))
    author_id: Mapped[str] = mapped_column(String(32), index=True, info=OWNER)
    kind: Mapped[NudgeKind] = mapped_column(state(NudgeKind))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PreventionStep(Base):
    """A concrete step that should stop the mistake recurring, tracked until done."""

    __tablename__ = "prevention_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    oops_id: Mapped[int] = mapped_column(ForeignKey("oopses.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[str] = mapped_column(String(32))
    author_id: Mapped[str] = mapped_column(String(32), index=True, info=OWNER)
    description: Mapped[str] = mapped_column(Text)
    # Someone else may own the step; if they ask to be forgotten, it falls back to the author.
    owner_id: Mapped[str] = mapped_column(String(32), info={**NAMED, "forget_to": "author_id"})
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[StepStatus] = mapped_column(state(StepStatus), default=StepStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set before the "it's in place" update goes to the oops's thread (the intent): one post.
    thread_update_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the owner said "not mine" (set once, so the author is told once); a reassignment
    # clears it.
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # The owner's Home lists the open steps they own.
    __table_args__ = (Index("ix_prevention_actions_owner", "team_id", "owner_id", "status"),)


class Reply(Base):
    """That an affected person answered an oops (thanks, still affected, feedback): each kind
    once per person, so a second press or a second submit sends the author nothing. What they
    wrote is not kept: it went to the author."""

    __tablename__ = "replies"

    # The key is the decision: INSERT ... ON CONFLICT DO NOTHING lets exactly one press in.
    oops_id: Mapped[int] = mapped_column(
        ForeignKey("oopses.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True, info=OWNER)
    kind: Mapped[ReplyKind] = mapped_column(state(ReplyKind), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WorkspaceRemoval(Base):
    """An installation that removed the app, and when: its content goes after
    OOPS_UNINSTALL_GRACE unless it installs again first (bot/uninstall.py)."""

    __tablename__ = "workspace_removals"

    # "<enterprise>:<team>:<0|1>" (storage/workspace_removals.py): one row per installation.
    install_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    install_enterprise_id: Mapped[str | None] = mapped_column(String(32))
    install_team_id: Mapped[str | None] = mapped_column(String(32))
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)
    removed_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class OrgTeam(Base):
    """A workspace of an Enterprise Grid org that an org-wide installation served a request
    from: its people's rows (settings, drafts, profiles) go when that installation's content
    does, even with no oops of theirs to name the team (bot/org_teams.py)."""

    __tablename__ = "org_teams"

    enterprise_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Sweeper(Base):
    """A process that sweeps check-ins, as of its last claim: the live ones share the
    workspaces out among themselves (storage/sweepers.py)."""

    __tablename__ = "sweepers"

    claimer: Mapped[str] = mapped_column(String(8), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())


class UserProfile(Base):
    """What we cache about a user from users.info (time zone, locale)."""

    __tablename__ = "user_profiles"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True, info=OWNER)
    tz: Mapped[str | None] = mapped_column(String(64))
    locale: Mapped[str | None] = mapped_column(String(16))
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Whether their Slack status says they are away (bot/nudges/away.py), never the status
    # itself; refreshed far more often than tz and locale. NULL: not looked at yet.
    status_away: Mapped[bool | None] = mapped_column()
    # When that away status expires; NULL with status_away: no expiry set.
    status_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class UserSettings(Base):
    """A person's own choices, overriding the app-wide defaults."""

    __tablename__ = "user_settings"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True, info=OWNER)
    # "HH:MM-HH:MM", "off", or None for the app default.
    working_hours: Mapped[str | None] = mapped_column(String(16))
    # Multiplies the app's nudge delays: 1.0 standard, 2.0 slower, 0.5 sooner.
    cadence: Mapped[float] = mapped_column(default=1.0)
    paused: Mapped[bool] = mapped_column(default=False)
    kind_words: Mapped[bool] = mapped_column(default=True)
    # The last day they are away (their own calendar): nothing is sent until after it.
    away_until: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TypedReply(Base):
    """A message someone typed in the app's DM, taken once: the key is who typed it and its ts,
    so an event delivered twice (a retry, another replica) finds the row and does nothing.
    What they typed is not kept here: an answer is in `answers`. The app hears one DM per
    person (its own), so who and when say which message it was."""

    __tablename__ = "typed_replies"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True, info=OWNER)
    message_ts: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(32))
    # TypedOutcome: answered (nudge_id, answer_id set), help (no open prompt), undone.
    outcome: Mapped[TypedOutcome] = mapped_column(state(TypedOutcome))
    nudge_id: Mapped[int | None] = mapped_column(Integer)
    answer_id: Mapped[int | None] = mapped_column(Integer)
    step_id: Mapped[int | None] = mapped_column(Integer)
    # The prompt's status before the answer, which Undo puts back.
    reopen_as: Mapped[NudgeStatus | None] = mapped_column(state(NudgeStatus))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


def _add_slack_oauth_tables() -> None:
    """slack_sdk's installation and OAuth-state tables join our metadata, so one migration set
    (and one test) covers every table in the database."""
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore as Inst
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore as State

    Inst.build_installations_table(Base.metadata, Inst.default_installations_table_name)
    Inst.build_bots_table(Base.metadata, Inst.default_bots_table_name)
    State.build_oauth_states_table(Base.metadata, State.default_table_name)


_add_slack_oauth_tables()
