"""Start-up checks: whatever stops the app from starting becomes one line naming what to fix."""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Callable
from pathlib import Path
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError, ProgrammingError

from bot.config import SETUP_HINT, Settings
from storage.db import build_engine, create_schema, normalize_url

# Start-up asks Slack once per token and gives up after this long: an operator waiting on a
# silent process learns nothing, and an orchestrator restarts it anyway.
SLACK_CHECK_TIMEOUT_S = 5.0
# slack_sdk logs each failed request as an ERROR; the start-up check says it in its own line.
_QUIET_SLACK_LOG = logging.getLogger("oops.startup.slack_check")
_QUIET_SLACK_LOG.propagate = False
_QUIET_SLACK_LOG.addHandler(logging.NullHandler())


class StartupError(Exception):
    """The app cannot start; the message is one line saying what to fix."""


def check_slack(settings: Settings) -> None:
    """Ask Slack, once and within a few seconds, whether it takes the bot and app tokens."""
    client = WebClient(
        base_url=settings.api_url,
        timeout=SLACK_CHECK_TIMEOUT_S,
        retry_handlers=[],
        logger=_QUIET_SLACK_LOG,
    )
    if settings.bot_token and not settings.oauth:
        _ask_slack(settings.api_url, "SLACK_BOT_TOKEN", client.auth_test, token=settings.bot_token)
    if settings.app_token:
        # The call Socket Mode starts with; the URL it returns is simply not used.
        _ask_slack(
            settings.api_url,
            "SLACK_APP_TOKEN",
            client.apps_connections_open,
            app_token=settings.app_token,
        )


def _ask_slack(api_url: str, token_name: str, call: Callable[..., object], **kwargs: str) -> None:
    try:
        call(**kwargs)
    except (SlackApiError, OSError) as err:  # URLError, timeouts and refused connections too
        raise StartupError(describe_slack_error(api_url, token_name, err)) from None


def describe_slack_error(api_url: str, token_name: str, err: Exception) -> str:
    """One line for a failed start-up call to Slack's Web API."""
    where = f"Slack's Web API at SLACK_API_URL={api_url}"
    if isinstance(err, SlackApiError):
        status = getattr(err.response, "status_code", 200)
        error = err.response.get("error") if isinstance(err.response.data, dict) else None
        if status == 200 and error:
            return f"Slack rejected {token_name} ({error}); check {token_name} ({SETUP_HINT})"
        return (
            f"{where} answered HTTP {status} without a Web API answer; check SLACK_API_URL, "
            "or start again when Slack is back"
        )
    reason = err.reason if isinstance(err, URLError) else err
    if isinstance(reason, TimeoutError):
        return (
            f"{where} did not answer within {SLACK_CHECK_TIMEOUT_S:g} s; check SLACK_API_URL "
            "and this machine's network"
        )
    return (
        f"cannot reach {where} ({reason}); check SLACK_API_URL and this machine's network "
        "(DNS, proxy, firewall)"
    )


def open_database(url: str) -> Engine:
    """The engine for DATABASE_URL, migrated to the newest schema; StartupError if unusable."""
    shown = shown_url(url)
    try:
        engine = build_engine(url)
    except (ArgumentError, ImportError) as err:
        raise StartupError(
            f"DATABASE_URL={shown} is not a database URL this app can use ({err}); "
            "write sqlite:///path/oops.db or postgresql://user@host/db"
        ) from None
    _check_sqlite_directory(engine, shown)
    try:
        create_schema(engine)
    # DatabaseError: a SQLite path that is some other kind of file ("file is not a database").
    except (OperationalError, ProgrammingError, DatabaseError) as err:
        engine.dispose()
        reason = " ".join(str(err.orig or err).split())
        raise StartupError(
            f"cannot use the database at DATABASE_URL={shown} ({reason}); check that the "
            "server is up, the database exists and the user may use it, or set DATABASE_URL"
        ) from None
    return engine


def shown_url(url: str) -> str:
    """DATABASE_URL as it may be logged: without its password."""
    try:
        return make_url(normalize_url(url)).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url)


def _check_sqlite_directory(engine: Engine, shown: str) -> None:
    """SQLite says only 'unable to open database file': name the directory at fault instead."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return
    if database.startswith("file:"):  # a URI filename: SQLite will report any problem itself
        return
    directory = Path(database).absolute().parent
    if not directory.is_dir():
        problem = "does not exist" if not directory.exists() else "is not a directory"
    elif not os.access(directory, os.W_OK | os.X_OK):
        # SQLite writes its -wal and -shm files beside the database.
        problem = "is not writable by this user"
    else:
        return
    raise StartupError(
        f"the directory {directory} for DATABASE_URL={shown} {problem}; create it (writable) "
        "or set DATABASE_URL to another path"
    )


def describe_bind_error(port: int, err: OSError, setting: str = "PORT") -> str:
    """One line for a port the HTTP server could not listen on (`setting` names it)."""
    if err.errno == errno.EADDRINUSE:
        return (
            f"port {port} is already in use; stop what listens there or set {setting} "
            "to a free port"
        )
    if err.errno == errno.EACCES:
        return f"not allowed to listen on port {port}; set {setting} to a port above 1023"
    return f"cannot listen on port {port} ({err.strerror or err}); set {setting} to another port"
