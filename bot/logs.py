"""Logging that carries ids and outcomes only: nothing a person typed, one record per line.

Our own log calls name ids, never user text. Libraries are another matter: Bolt logs whole
request bodies at INFO on several paths (a refused signature, an unhandled request, a
listener error), and exception messages can quote input (`invalid literal for int(): '…'`,
a PostgreSQL DETAIL line holding a row). So the formatter, not each call site, enforces it:

- records from Slack's libraries keep only their leading words, up to the first `(`, `:`,
  `{` or line break, which is where those messages start quoting data;
- an exception keeps its traceback (code locations) and type, but its message only for types
  whose first line is known to be data-free (OS, database driver, Slack API error code);
- control characters, line breaks included, are escaped, so no input can forge a log line.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
_LIBRARIES = ("slack_bolt", "slack_sdk", "slack")
_HEADLINE_END = re.compile(r"[(:{\[\r\n]")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_MAX_MESSAGE = 2000
# Database errors' first lines name the failure, not row values (SQLAlchemy is built with
# the statement, parameters and DETAIL on later lines). Matched by module, so logging does not
# import the drivers into a process that never uses them.
_DATABASE_MODULES = frozenset({"sqlalchemy", "psycopg", "sqlite3"})


def escape_controls(text: str) -> str:
    """`text` with line breaks and other control characters written as escapes (`\\n`)."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def library_headline(message: str) -> str:
    """The leading words of a library's log message, before it starts quoting data."""
    match = _HEADLINE_END.search(message)
    head = (message[: match.start()] if match else message).strip()
    return head[:120] or "(message withheld)"


def safe_exception_message(error: BaseException) -> str:
    """What of an exception's message may be logged: a data-free first line, or its length."""
    if isinstance(error, SlackApiError):
        code = error.response.get("error") if error.response is not None else None
        return f"error={code}"
    if isinstance(error, OSError) or type(error).__module__.split(".")[0] in _DATABASE_MODULES:
        text = str(getattr(error, "orig", None) or error)
        return text.splitlines()[0][:200] if text else ""
    text = str(error)
    return f"<message withheld, {len(text)} chars>" if text else ""


def _chain(error: BaseException) -> list[BaseException]:
    """`error` and the exceptions it came from, oldest first (as Python prints them)."""
    seen: list[BaseException] = []
    while error is not None and all(error is not e for e in seen):
        seen.append(error)
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    return seen[::-1]


def format_exception_safely(error: BaseException) -> str:
    """A traceback of code locations and exception types, with messages filtered."""
    parts: list[str] = []
    for link in _chain(error):
        # One "Traceback" header per record, so a reader (or grep) counts one failure.
        parts.append("While handling that:\n" if parts else "Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(link.__traceback__))
        kind = type(link)
        name = (
            kind.__qualname__
            if kind.__module__ == "builtins"
            else f"{kind.__module__}.{kind.__qualname__}"
        )
        message = escape_controls(safe_exception_message(link))
        parts.append((f"{name}: {message}" if message else name) + "\n")
    return "".join(parts).rstrip("\n")


def safe_message(record: logging.LogRecord) -> str:
    """The record's message under this module's rules (every formatter writes this one)."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a mismatched format must not lose the record
        message = str(record.msg)
    if record.name.split(".")[0] in _LIBRARIES:
        message = library_headline(message)
    return escape_controls(message[:_MAX_MESSAGE])


class SafeFormatter(logging.Formatter):
    """A Formatter that applies this module's rules to every record it writes."""

    def format(self, record: logging.LogRecord) -> str:
        """One line for the record, then a safe traceback if it carries an exception."""
        record.message = safe_message(record)
        if self.usesTime():
            record.asctime = self.formatTime(record, self.datefmt)
        line = self.formatMessage(record)
        if record.exc_info and record.exc_info[1] is not None:
            line += "\n" + format_exception_safely(record.exc_info[1])
        return line

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        """Used by other formatters' callers; same rules as `format`."""
        return format_exception_safely(ei[1]) if ei and ei[1] is not None else ""


def configure_logging(level: int = logging.INFO, log_format: str = "plain") -> None:
    """Route every logger through SafeFormatter (or, for `json`, bot/json_logs.py's formatter
    under the same rules) on stderr, uncaught exceptions included."""
    handler = logging.StreamHandler()
    if log_format == "json":
        from bot.json_logs import SafeJsonFormatter
        from bot.log_context import ContextFilter

        handler.setFormatter(SafeJsonFormatter())
        handler.addFilter(ContextFilter())
    else:
        handler.setFormatter(SafeFormatter(FORMAT))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # A sweep every few seconds and each migration step would otherwise drown the request log.
    for noisy in ("apscheduler", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    uncaught = logging.getLogger("oops.uncaught")

    def log_uncaught(
        kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        uncaught.error("uncaught %s", kind.__name__, exc_info=(kind, error, tb))

    sys.excepthook = log_uncaught
    threading.excepthook = lambda args: log_uncaught(
        args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback
    )


T = TypeVar("T")


def run_logged(name: str, job: Callable[[], T]) -> T | None:
    """Run a background job and return what it returns, or None when it raised.

    A database that is away makes one warning line (no traceback: the job comes again and the
    database comes back by itself); anything else is logged with its traceback. Never raises,
    so a periodic job or a loop outlives one bad run.
    """
    try:
        return job()
    except SQLAlchemyError as err:
        logging.getLogger(__name__).warning(
            "%s skipped, database unavailable: %s", name, type(err).__name__
        )
    except Exception:  # noqa: BLE001 - a background job must not stop its schedule
        logging.getLogger(__name__).exception("%s failed", name)
    return None
