"""A fake Slack Web API on 127.0.0.1 that records calls and can inject failures.

Point a `WebClient(base_url=fake.base_url)` (or the app's `SLACK_API_URL`) at it.

Arguments: `Call.args` holds the arguments as the app meant them, whatever the encoding: a
JSON body is parsed, and form values that Slack documents as JSON (`blocks`, `attachments`,
`view`, `metadata`, `files`, ...) are decoded into objects. `Call.raw` keeps the wire values
(strings for a form body), and `Call.json(name)` decodes any field that holds a JSON string.

Behaviour: `respond`, `fail`, `disconnect` queue answers per method (or "*" for any method);
they are used in the order they were added, each for `times` calls (None: forever), before the
default answers in `fake_slack_api`. `delay` adds latency, `rate_limit` a global token bucket,
`rate_limit_per_token` one bucket per bot token (per workspace, as Slack limits them).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .fake_slack_api import FakeState, default_response
from .rate_limits import PerTokenLimits, TokenBucket

# Form fields Slack documents as JSON-encoded strings.
JSON_FIELDS = frozenset(
    {"blocks", "attachments", "view", "metadata", "files", "unfurls", "user_auth_blocks"}
)
UPLOAD = "(upload)"
RESPONSE_URL = "(response_url)"


@dataclass(frozen=True)
class Call:
    """One request the fake received and how it answered."""

    method: str
    args: dict[str, Any]
    headers: dict[str, str]
    at: float
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)
    injected: bool = False
    raw: dict[str, Any] = field(default_factory=dict)
    path: str = ""

    @property
    def delivered(self) -> bool:
        """True when Slack would have done the work: HTTP 200 and `ok: true`."""
        return self.status == 200 and self.response.get("ok") is True

    @property
    def token(self) -> str | None:
        """The bearer token (or `token` argument) the caller used."""
        auth = self.headers.get("Authorization") or self.headers.get("authorization") or ""
        if auth.startswith("Bearer "):
            return auth.removeprefix("Bearer ")
        return self.args.get("token")

    def json(self, name: str) -> Any:
        """Return argument `name`, decoding it if it is a JSON string."""
        value = self.args.get(name)
        return json.loads(value) if isinstance(value, str) else value

    def __str__(self) -> str:
        mark = "" if self.delivered else f" [{self.status} {self.response.get('error', '')}]"
        brief = {k: v for k, v in self.args.items() if k in ("channel", "user", "trigger_id")}
        return f"{self.method}{mark} {brief}" if brief else f"{self.method}{mark}"


@dataclass
class _Rule:
    """A programmed answer for the next `remaining` calls (None: forever)."""

    status: int
    payload: dict[str, Any] | None  # None: drop the connection without answering
    headers: dict[str, str]
    remaining: int | None
    act_first: bool = False  # do what the call asks (a post is posted), then drop the answer


class WaitTimeout(AssertionError):
    """`wait_for` gave up; the message lists the calls the fake did see."""


def _decode_body(content_type: str, body: bytes) -> dict[str, Any]:
    """Parse a JSON or form body into a dict of wire values."""
    if not body:
        return {}
    if "json" in content_type:
        parsed = json.loads(body)
        return parsed if isinstance(parsed, dict) else {"_": parsed}
    if "x-www-form-urlencoded" in content_type:
        return _flatten(parse_qs(body.decode(), keep_blank_values=True))
    return {"_bytes": len(body)}


def _flatten(multi: dict[str, list[str]]) -> dict[str, Any]:
    """Turn parse_qs lists into single values where a field appears once."""
    return {k: v[0] if len(v) == 1 else v for k, v in multi.items()}


def _decode_json_fields(raw: dict[str, Any]) -> dict[str, Any]:
    """Decode the fields Slack sends as JSON strings; leave anything unparseable as is."""
    args = dict(raw)
    for name in JSON_FIELDS & args.keys():
        if isinstance(args[name], str):
            try:
                args[name] = json.loads(args[name])
            except ValueError:
                pass
    return args


class _Handler(BaseHTTPRequestHandler):
    """Routes /api/<method>, /upload/<id> and /response/<id> to the FakeSlack."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # small answers must not wait for delayed ACKs
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Stay quiet: thousands of calls per second would flood the test output."""

    def do_GET(self) -> None:  # noqa: N802
        """Serve a GET (some Web API methods may be called that way)."""
        self._serve(b"")

    def do_POST(self) -> None:  # noqa: N802
        """Serve a POST."""
        length = int(self.headers.get("Content-Length") or 0)
        self._serve(self.rfile.read(length) if length else b"")

    def _serve(self, body: bytes) -> None:
        url = urlsplit(self.path)
        if url.path.startswith("/api/"):
            method = url.path.removeprefix("/api/")
        elif url.path.startswith("/upload/"):
            method = UPLOAD
        elif url.path.startswith("/response/"):
            method = RESPONSE_URL
        else:
            self._write(HTTPStatus.NOT_FOUND, {"ok": False, "error": "unknown_path"}, {})
            return
        ctype = self.headers.get("Content-Type", "")
        try:
            if method == UPLOAD:  # file content, whatever its content type: kept for tests
                raw = {"_bytes": len(body), "_body": body.decode(errors="replace")}
            else:
                raw = {**_flatten(parse_qs(url.query)), **_decode_body(ctype, body)}
        except ValueError:
            raw = {"_unparseable": body.decode(errors="replace")}
        headers = dict(self.headers.items())
        answer = self.server.fake._answer(method, raw, headers, url.path, len(body))
        if answer is None:
            self.close_connection = True  # injected disconnect: no answer at all
            return
        status, payload, extra = answer
        self._write(status, payload, extra, text=method == UPLOAD)

    def _write(
        self, status: int, payload: dict[str, Any], headers: dict[str, str], text: bool = False
    ) -> None:
        data = (f"OK - {payload.get('size', 0)}" if text else json.dumps(payload)).encode()
        self.send_response(status)
        ctype = "text/plain" if text else "application/json; charset=utf-8"
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # many app processes may burst at once
    fake: FakeSlack

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that hang up (e.g. a killed app); report anything else."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FakeSlack:
    """A threaded fake of Slack's Web API that records every call."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = _Server((host, port), _Handler)
        self._server.fake = self
        self.port: int = self._server.server_address[1]
        self.root_url = f"http://{host}:{self.port}/"
        self.base_url = self.root_url + "api/"
        self.state = FakeState(self.base_url)
        self.errors: list[BaseException] = []
        self._thread: threading.Thread | None = None
        self._calls: list[Call] = []
        self._changed = threading.Condition()
        self._rules: dict[str, list[_Rule]] = {}
        self._delays: dict[str, float] = {}
        self._bucket: TokenBucket | None = None
        self._token_limits: PerTokenLimits | None = None
        self._response_urls = 0
        # Calls by method as they arrive, before any injected delay (calls() lists them after).
        self._arrived: dict[str, int] = {}

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        """Serve in a background thread; returns self."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"fake-slack-{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- configuration ---------------------------------------------------------------------

    @property
    def socket_mode_url(self) -> str:
        """The URL apps.connections.open hands out."""
        return self.state.socket_mode_url

    @socket_mode_url.setter
    def socket_mode_url(self, url: str) -> None:
        self.state.socket_mode_url = url

    def set_user(self, user_id: str, **profile: Any) -> None:
        """Configure users.info for `user_id`: tz, locale, name, real_name, any other field."""
        self.state.users[user_id] = {**self.state.users.get(user_id, {}), **profile}

    def response_url(self) -> str:
        """Return a fresh response_url served by the fake; posts to it are method RESPONSE_URL."""
        with self._changed:
            self._response_urls += 1
            return f"{self.root_url}response/{self._response_urls}"

    def respond(self, method: str, payload: dict[str, Any], times: int | None = None) -> None:
        """Answer `method` ("*": any) with `payload` for the next `times` calls (None: forever)."""
        self._add_rule(method, _Rule(200, dict(payload), {}, times))

    def fail(
        self,
        method: str,
        status: int = 429,
        retry_after: int | None = 1,
        times: int | None = 1,
        error: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer `method` with HTTP `status` (429 with Retry-After) for the next `times` calls.

        `headers` go out with each answer, e.g. a Retry-After on a 503.
        """
        headers = dict(headers or {})
        if status == 429 and retry_after is not None:
            headers["Retry-After"] = str(retry_after)
        error = error or ("ratelimited" if status == 429 else "fatal_error")
        self._add_rule(method, _Rule(status, {"ok": False, "error": error}, headers, times))

    def disconnect(self, method: str, times: int | None = 1) -> None:
        """Close the connection without answering `method` (a connection error for the client)."""
        self._add_rule(method, _Rule(0, None, {}, times))

    def lose_answer(self, method: str, times: int | None = 1) -> None:
        """Do what `method` asks (a post is really posted), then close the connection unanswered:
        the client sees a connection error and cannot know the work was done."""
        self._add_rule(method, _Rule(0, None, {}, times, act_first=True))

    def delay(self, method: str, seconds: float) -> None:
        """Add `seconds` of latency to every call of `method` ("*" for any); 0 removes it."""
        with self._changed:
            if seconds > 0:
                self._delays[method] = seconds
            else:
                self._delays.pop(method, None)

    def rate_limit(
        self,
        calls_per_second: float | None,
        methods: Iterable[str] | None = None,
        burst: float | None = None,
    ) -> None:
        """Allow `calls_per_second` (global token bucket) and answer 429 beyond; None removes it."""
        with self._changed:
            if calls_per_second is None:
                self._bucket = None
                return
            scope = frozenset(methods) if methods is not None else None
            self._bucket = TokenBucket(calls_per_second, burst or calls_per_second, scope)

    def rate_limit_per_token(
        self,
        calls_per_second: float | None,
        methods: Iterable[str] | None = None,
        overrides: dict[str, float] | None = None,
    ) -> None:
        """Allow each bearer token `calls_per_second` (its own bucket, burst of one second's
        calls, at least 1; `overrides` gives some tokens another rate) and answer 429 with
        Retry-After beyond, as Slack limits each workspace on its own; None removes it."""
        with self._changed:
            self._token_limits = (
                None
                if calls_per_second is None
                else PerTokenLimits(calls_per_second, methods, overrides)
            )

    def reset_behaviour(self) -> None:
        """Forget programmed answers, delays and the rate limit (recorded calls stay)."""
        with self._changed:
            self._rules.clear()
            self._delays.clear()
            self._bucket = None
            self._token_limits = None

    def _add_rule(self, method: str, rule: _Rule) -> None:
        if rule.remaining is not None and rule.remaining <= 0:
            return
        with self._changed:
            self._rules.setdefault(method, []).append(rule)

    # -- inspection ------------------------------------------------------------------------

    def calls(
        self,
        method: str | None = None,
        *,
        delivered_only: bool = False,
        where: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """Return recorded calls, oldest first, optionally filtered."""
        with self._changed:
            calls = list(self._calls)
        return [
            c
            for c in calls
            if (method is None or c.method == method)
            and (not delivered_only or c.delivered)
            and (where is None or where(c))
        ]

    def count(
        self,
        method: str | None = None,
        *,
        delivered_only: bool = False,
        where: Callable[[Call], bool] | None = None,
    ) -> int:
        """Count recorded calls of `method` (all methods when None)."""
        return len(self.calls(method, delivered_only=delivered_only, where=where))

    def last(self, method: str) -> Call:
        """Return the latest call of `method`; fail with the calls seen when there is none."""
        calls = self.calls(method)
        if not calls:
            raise AssertionError(f"no {method} call; {self.describe()}")
        return calls[-1]

    def wait_for(
        self,
        method: str,
        n: int = 1,
        timeout: float = 20,  # generous: CI shares 2 cores; passing waits return at once
        *,
        delivered_only: bool = False,
        where: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """Wait until at least `n` matching calls arrived and return them all."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = self.calls(method, delivered_only=delivered_only, where=where)
                remaining = deadline - time.monotonic()
                if len(found) >= n or remaining <= 0:
                    break
                self._changed.wait(min(remaining, 0.1))
        if len(found) < n:
            raise WaitTimeout(
                f"waited {timeout}s for {n} {method} call(s)"
                f"{' delivered' if delivered_only else ''}, got {len(found)}; {self.describe()}"
            )
        return found

    def wait_for_arrival(self, method: str, n: int = 1, timeout: float = 20) -> None:
        """Wait until `n` calls of `method` have reached the fake, even if a delay holds them."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._arrived.get(method, 0) < n:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise WaitTimeout(f"waited {timeout}s for {n} {method} call(s) to arrive")
                self._changed.wait(min(remaining, 0.1))

    def describe(self, last: int = 25) -> str:
        """Summarise the calls seen: counts per method and the latest few."""
        calls = self.calls()
        counts = Counter(c.method for c in calls)
        lines = [f"calls seen: {dict(counts) or 'none'}"]
        lines += [f"  {c}" for c in calls[-last:]]
        if self.errors:
            lines.append(f"fake errors: {self.errors!r}")
        return "\n".join(lines)

    def clear(self) -> None:
        """Forget recorded calls (programmed behaviour stays)."""
        with self._changed:
            self._calls.clear()
            self._arrived.clear()

    # -- serving ---------------------------------------------------------------------------

    def _take_rule(self, method: str) -> _Rule | None:
        for key in (method, "*"):
            rules = self._rules.get(key)
            if rules:
                rule = rules[0]
                if rule.remaining is not None:
                    rule.remaining -= 1
                    if rule.remaining <= 0:
                        rules.pop(0)
                return rule
        return None

    def _answer(
        self, method: str, raw: dict[str, Any], headers: dict[str, str], path: str, size: int
    ) -> tuple[int, dict[str, Any], dict[str, str]] | None:
        """Decide, record and return (status, payload, headers); None means drop the connection."""
        args = _decode_json_fields(raw)
        with self._changed:
            self._arrived[method] = self._arrived.get(method, 0) + 1
            self._changed.notify_all()
        pause = self._delays.get(method) or self._delays.get("*")
        if pause:
            time.sleep(pause)
        token = Call(method=method, args=args, headers=headers, at=0.0).token
        with self._changed:
            wait = self._bucket.retry_after(method) if self._bucket else None
            if wait is None and self._token_limits is not None:
                wait = self._token_limits.retry_after(method, token)
            rule = None if wait is not None else self._take_rule(method)
        if wait is not None:
            status, payload, extra = (
                429,
                {"ok": False, "error": "ratelimited"},
                {"Retry-After": str(wait)},
            )
        elif rule is not None:
            status, payload, extra = rule.status, rule.payload, rule.headers
            if rule.act_first:
                default_response(self.state, method, args)
        else:
            status, extra = 200, {}
            try:
                if method == UPLOAD:
                    payload = {"ok": True, "size": size}
                else:
                    payload = default_response(self.state, method, args)
            except Exception as exc:  # a bug in the fake must show up, not hang the client
                self.errors.append(exc)
                status, payload = 500, {"ok": False, "error": f"fake_slack_bug: {exc!r}"}
        call = Call(
            method=method,
            args=args,
            headers=headers,
            at=time.time(),
            status=status,
            response=payload or {},
            injected=wait is not None or rule is not None,
            raw=raw,
            path=path,
        )
        with self._changed:
            self._calls.append(call)
            self._changed.notify_all()
        return None if payload is None else (status, payload, extra)
