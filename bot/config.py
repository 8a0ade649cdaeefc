"""One immutable settings object, read from the environment (and `.env`)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time, timedelta

DEFAULT_API_URL = "https://slack.com/api/"
SETUP_HINT = "see README.md, 'Slack setup'"


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names the setting and how to fix it."""


_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
# Beyond this a timedelta overflows (and no check-in is meant to be that far away).
_MAX_DURATION_S = 10 * 366 * 86400


def parse_duration(value: str, *, name: str = "duration") -> timedelta:
    """Parse `90s`, `10m`, `2h`, `1d` or `2w` into a timedelta."""
    match = _DURATION.match(value or "")
    if not match:
        raise ConfigError(
            f"{name}={value!r} is not a duration; write a number and a unit: 90s, 10m, 2h, 1d or 2w"
        )
    seconds = int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds > _MAX_DURATION_S:
        raise ConfigError(f"{name}={value!r} is longer than ten years; write a shorter duration")
    return timedelta(seconds=seconds)


@dataclass(frozen=True)
class WorkingHours:
    """A daily window in the user's own time zone, on weekdays."""

    start: time
    end: time


_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_working_hours(value: str, *, name: str = "OOPS_WORKING_HOURS") -> WorkingHours | None:
    """Parse `09:00-17:00` (or `off`, meaning no window) into WorkingHours."""
    if value.strip().lower() == "off":
        return None
    match = _HOURS.match(value)
    if match:
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60 and (h1, m1) < (h2, m2):
            return WorkingHours(time(h1, m1), time(h2, m2))
    raise ConfigError(f"{name}={value!r} must look like 09:00-17:00 (start before end) or be 'off'")


LOG_FORMATS = ("plain", "json")
# Shorter than this would delete check-ins' oopses before the prompts that follow them.
MIN_RETENTION = timedelta(days=1)


def parse_retention(value: str, *, name: str = "OOPS_RETENTION") -> timedelta | None:
    """Parse a retention such as `365d` or `52w`; `off` (keep everything) gives None."""
    if value.strip().lower() == "off":
        return None
    if not _DURATION.match(value or ""):
        raise ConfigError(f"{name}={value!r} must be a duration such as 365d or 52w, or 'off'")
    retention = parse_duration(value, name=name)
    if retention < MIN_RETENTION:
        raise ConfigError(f"{name}={value!r} must be at least 1d (or 'off' to keep everything)")
    return retention


@dataclass(frozen=True)
class Settings:
    """Everything the app reads from its environment."""

    bot_token: str | None
    signing_secret: str
    app_token: str | None
    api_url: str
    port: int
    database_url: str
    reflection_delay: timedelta
    prevention_delay: timedelta
    followup_delay: timedelta
    working_hours: WorkingHours | None
    scheduler_interval: float
    client_id: str | None = None
    client_secret: str | None = None
    scopes: tuple[str, ...] = ()
    draft_ttl: timedelta = timedelta(days=2)
    send_concurrency: int = 16
    kind_word_delay: timedelta = timedelta(days=1)
    # How long a post may stay unconfirmed before bot/post_recovery.py looks for it.
    unconfirmed_grace: timedelta = timedelta(seconds=100)
    # Socket Mode: where /healthz and /metrics are served (HTTP mode serves them on `port`).
    health_port: int = 3001
    # `plain` (one text line per record) or `json` (one JSON object per line).
    log_format: str = "plain"
    # How long oopses and what hangs off them are kept (bot/retention.py); None keeps all.
    retention: timedelta | None = timedelta(days=365)
    # After an uninstall, how long its content is kept for a reinstall (bot/uninstall.py).
    uninstall_grace: timedelta = timedelta(days=30)

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)

    @property
    def oauth(self) -> bool:
        return bool(self.client_id and self.client_secret)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from `env` (default: the process environment); raise ConfigError."""
    env = os.environ if env is None else env

    def get(name: str, default: str | None = None) -> str | None:
        value = env.get(name)
        return value.strip() if value and value.strip() else default

    client_id, client_secret = get("SLACK_CLIENT_ID"), get("SLACK_CLIENT_SECRET")
    bot_token = get("SLACK_BOT_TOKEN")
    signing_secret = get("SLACK_SIGNING_SECRET")
    missing = []
    if not bot_token and not (client_id and client_secret):
        missing.append("SLACK_BOT_TOKEN")
    if not signing_secret:
        missing.append("SLACK_SIGNING_SECRET")
    if missing:
        raise ConfigError(f"set {' and '.join(missing)} in the environment or .env ({SETUP_HINT})")
    if bot_token and not bot_token.startswith("xoxb-"):
        raise ConfigError(f"SLACK_BOT_TOKEN must be a bot token starting with xoxb- ({SETUP_HINT})")
    app_token = get("SLACK_APP_TOKEN")
    if app_token and not app_token.startswith("xapp-"):
        raise ConfigError(
            f"SLACK_APP_TOKEN must be an app-level token starting with xapp- ({SETUP_HINT})"
        )

    port_text = get("PORT", "3000")
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ConfigError(f"PORT={port_text!r} must be a TCP port number (1-65535)")
    interval_text = get("OOPS_SCHEDULER_INTERVAL", "30")
    try:
        interval = float(interval_text)
    except ValueError:
        interval = -1.0
    if not 0 < interval <= 3600:
        raise ConfigError(
            f"OOPS_SCHEDULER_INTERVAL={interval_text!r} must be a number of seconds "
            "between 0 and 3600"
        )
    concurrency_text = get("OOPS_SEND_CONCURRENCY", "16")
    if not concurrency_text.isdigit() or not 1 <= int(concurrency_text) <= 128:
        raise ConfigError(
            f"OOPS_SEND_CONCURRENCY={concurrency_text!r} must be a whole number of nudge DMs "
            "in flight at once, 1-128"
        )
    api_url = get("SLACK_API_URL", DEFAULT_API_URL)
    if not api_url.startswith(("http://", "https://")):
        raise ConfigError(f"SLACK_API_URL={api_url!r} must be an http(s) URL")
    if not api_url.endswith("/"):
        api_url += "/"

    def duration(name: str, default: str) -> timedelta:
        return parse_duration(get(name, default), name=name)

    health_port_text = get("OOPS_HEALTH_PORT", "3001")
    if not health_port_text.isdigit() or not 0 < int(health_port_text) < 65536:
        raise ConfigError(
            f"OOPS_HEALTH_PORT={health_port_text!r} must be a TCP port number (1-65535)"
        )
    log_format = get("OOPS_LOG_FORMAT", "plain").lower()
    if log_format not in LOG_FORMATS:
        raise ConfigError(f"OOPS_LOG_FORMAT={log_format!r} must be 'plain' or 'json'")

    return Settings(
        bot_token=bot_token,
        signing_secret=signing_secret,
        app_token=app_token,
        api_url=api_url,
        port=int(port_text),
        database_url=get("DATABASE_URL", "sqlite:///oops.db"),
        reflection_delay=duration("OOPS_REFLECTION_DELAY", "1d"),
        prevention_delay=duration("OOPS_PREVENTION_DELAY", "3d"),
        followup_delay=duration("OOPS_FOLLOWUP_DELAY", "14d"),
        working_hours=parse_working_hours(get("OOPS_WORKING_HOURS", "09:00-17:00")),
        scheduler_interval=interval,
        client_id=client_id,
        client_secret=client_secret,
        scopes=tuple(s for s in (get("SLACK_SCOPES", "") or "").split(",") if s.strip()),
        draft_ttl=duration("OOPS_DRAFT_TTL", "2d"),
        send_concurrency=int(concurrency_text),
        kind_word_delay=duration("OOPS_KIND_WORD_DELAY", "1d"),
        unconfirmed_grace=duration("OOPS_UNCONFIRMED_GRACE", "100s"),
        health_port=int(health_port_text),
        log_format=log_format,
        retention=parse_retention(get("OOPS_RETENTION", "365d")),
        uninstall_grace=duration("OOPS_UNINSTALL_GRACE", "30d"),
    )
