"""One mechanism that keeps a listener's failure from costing the ack or leaving anyone guessing.

Bolt's thread runner loses the ack when a listener raises right after `ack()`: it resets the
acknowledged response while the request thread is still polling for it, so Slack gets nothing
for 3 s and then a 404 (`dispatch_failed`). Every listener is registered through `guarded`,
which never lets an exception escape: it logs one traceback with a short reference, acks if
the listener had not, and tells the person in the place they are looking, with that reference.
"""

from __future__ import annotations

import inspect
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from slack_bolt import BoltContext, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import InterfaceError, OperationalError

from bot.log_context import current_ref
from bot.slack_client import impatient
from bot.user_profiles import cached_locale
from bot.views.failure import build_failure_home, build_failure_modal, failure_text

log = logging.getLogger("oops.errors")
# What the guard itself needs from Bolt, on top of what the listener asks for.
_NEEDS = ("ack", "body", "client", "respond", "session_factory")


def guarded(listener: Callable[..., Any]) -> Callable[..., None]:
    """`listener` for Bolt, with every exception reported instead of raised.

    Bolt passes arguments by the names in the callable's signature; the wrapper's signature is
    the listener's names plus those in `_NEEDS`, and the listener gets only its own.
    """
    names = inspect.getfullargspec(listener).args
    wanted = list(dict.fromkeys([*names, *_NEEDS]))

    def run(**kwargs: Any) -> None:
        try:
            listener(**{name: kwargs[name] for name in names})
        except Exception as error:  # the one place that catches what a listener did not
            report_failure(error, name=listener.__name__, **{n: kwargs.get(n) for n in _NEEDS})
        else:
            ack = kwargs["ack"]
            if ack.response is None:  # a listener that forgot: Slack still gets its answer
                ack()

    run.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in wanted]
    )
    run.__name__, run.__qualname__ = listener.__name__, listener.__qualname__
    run.__doc__, run.__module__ = listener.__doc__, listener.__module__
    run.guarded = True  # type: ignore[attr-defined]
    return run


def report_unguarded(
    error: Exception, body: dict, ack: Any, client: WebClient, respond: Any, context: BoltContext
) -> BoltResponse | None:
    """The app's @app.error: a failure outside every listener (in Bolt middleware), reported
    as the guard reports one, with the reference shown: in the answer itself for a command or
    a form; otherwise Slack still gets its 500 and the person the news by response_url or DM."""
    report_failure(
        error,
        name="middleware",
        ack=ack,
        body=body,
        client=client,
        respond=respond,
        session_factory=context.get("session_factory"),
    )
    answered = ack.response
    return answered if answered is not None and answered.body else None


def new_reference() -> str:
    """A short id that ties what the person is told to the log line (8 hex characters): the
    request's own reference (bot/log_context.py) when there is one."""
    return current_ref() or uuid.uuid4().hex[:8]


def report_failure(
    error: Exception,
    *,
    name: str,
    ack: Any,
    body: dict,
    client: WebClient,
    respond: Any,
    session_factory: Any,
) -> str:
    """Log `error` once with a reference, answer Slack if not yet answered, tell the person.

    Returns the reference. Telling is best effort: one quick try, a failure logged in a line.
    """
    ref = new_reference()
    kind = body.get("type") or ("slash_command" if "command" in body else "request")
    log.error("listener failed ref=%s listener=%s kind=%s", ref, name, kind, exc_info=error)
    news = _News(ref, _locale(session_factory, body), _database_unreachable(error))
    try:
        if ack.response is None and _answer_in_ack(ack, body, news):
            return ref
        if ack.response is None:
            ack()
        _tell(client, respond, body, news)
    except Exception as err:  # noqa: BLE001 - telling is best effort; the report must not fail
        reason = err.response.get("error") if isinstance(err, SlackApiError) else type(err).__name__
        log.warning("could not tell the person about ref=%s: %s", ref, reason)
        if ack.response is None:  # whatever failed, Slack still gets its answer
            ack()
    return ref


def _locale(session_factory: Any, body: dict) -> str | None:
    """The person's stored locale, or None (English) when even that cannot be read."""
    user = body.get("user")
    if isinstance(user, dict):
        user_id, team_id = user.get("id"), user.get("team_id")
    else:
        user_id, team_id = body.get("user_id"), body.get("team_id")
    if not (session_factory and isinstance(user_id, str) and isinstance(team_id, str)):
        return None
    try:
        return cached_locale(session_factory, team_id=team_id, user_id=user_id)
    except Exception:  # noqa: BLE001 - a failure report must not fail on an optional lookup
        return None


@dataclass(frozen=True)
class _News:
    """What to tell the person: the reference, in their language, and whether it will pass."""

    ref: str
    locale: str | None
    database: bool

    @property
    def text(self) -> str:
        return failure_text(self.ref, self.locale, database=self.database)

    @property
    def modal(self) -> dict:
        return build_failure_modal(self.ref, self.locale, database=self.database)


def _database_unreachable(error: Exception) -> bool:
    """A lost or refused database connection: the person can simply try again later."""
    return isinstance(error, OperationalError | InterfaceError) and (
        error.connection_invalidated or isinstance(error.orig, OSError | psycopg.OperationalError)
    )


def _answer_in_ack(ack: Any, body: dict, news: _News) -> bool:
    """Put the news in the ack itself where Slack shows it; False when it has no place there."""
    if "command" in body and "type" not in body:
        ack(text=news.text, response_type="ephemeral")
        return True
    if body.get("type") == "view_submission":
        block = _first_input_block(body.get("view") or {})
        if block:  # keeps what they typed, with the news under the first field
            ack(response_action="errors", errors={block: news.text[:300]})
        else:
            ack(response_action="update", view=news.modal)
        return True
    return False


def _first_input_block(view: dict) -> str | None:
    for block in view.get("blocks") or []:
        if isinstance(block, dict) and block.get("type") == "input" and block.get("block_id"):
            return str(block["block_id"])
    return None


def _tell(client: WebClient, respond: Any, body: dict, news: _News) -> None:
    """After the ack: the open modal, the conversation via response_url, the Home tab or a DM."""
    quick = impatient(client)
    kind = body.get("type")
    event = body.get("event") if isinstance(body.get("event"), dict) else {}
    if kind == "view_submission":
        quick.views_update(view_id=body["view"]["id"], view=news.modal)
    elif kind == "event_callback":
        if event.get("type") == "app_home_opened" and isinstance(event.get("user"), str):
            home = build_failure_home(news.ref, news.locale, database=news.database)
            quick.views_publish(user_id=event["user"], view=home)
    elif respond is not None and body.get("response_url"):
        respond(text=news.text, response_type="ephemeral", replace_original=False)
    elif isinstance(body.get("user"), dict) and body["user"].get("id"):
        quick.chat_postMessage(channel=body["user"]["id"], text=news.text)
