"""OOPS_LOG_FORMAT=json: one JSON object per line, under the same rules as the plain logs.

python-json-logger does the JSON (a maintained, dependency-free library whose formatter is a
logging.Formatter, so the handler, levels and library loggers stay as they are); what goes in
comes from bot/logs.py: the message as SafeFormatter writes it (libraries' headlines only,
control characters escaped) and tracebacks with exception messages withheld. Only a fixed set
of fields is written, so an `extra` a library passes cannot carry text into the log.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from pythonjsonlogger.json import JsonFormatter

from bot.logs import format_exception_safely, safe_message

# Ids and outcomes a record may carry (bound per request by bot/log_context.py, or passed as
# `extra` by the request log line).
FIELDS = ("ref", "team", "user", "method", "path", "status", "ms", "refused")


class SafeJsonFormatter(JsonFormatter):
    """time, level, logger, message, then any of FIELDS the record has, then `exc_info`."""

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        """Fill `log_data` from the record alone (a dict message's keys are not copied)."""
        log_data["time"] = datetime.fromtimestamp(record.created, UTC).isoformat(
            timespec="milliseconds"
        )
        log_data["level"] = record.levelname
        log_data["logger"] = record.name
        log_data["message"] = safe_message(record)
        for field in FIELDS:
            value = getattr(record, field, None)
            if value is not None and value != "":
                log_data[field] = value if isinstance(value, int | float) else str(value)[:200]
        if record.exc_info and record.exc_info[1] is not None:
            log_data["exc_info"] = format_exception_safely(record.exc_info[1])

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        """Same rules as bot/logs.py."""
        return format_exception_safely(ei[1]) if ei and ei[1] is not None else ""

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 (logging's name)
        """Stacks are not written (add_fields writes only what it lists)."""
        return ""
