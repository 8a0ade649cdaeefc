"""manifest.yml: valid against Slack's published schema, and in step with the code both ways."""

from __future__ import annotations

import ast
import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import jsonschema
import pytest
import yaml
from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient
from support.fake_slack import FakeSlack
from support.outside_repo import skip_unless_ci
from support.slack_payloads import TEAM_ID, global_shortcut, message_shortcut, new_trigger_id
from support.slack_requests import signature_headers

from bot import ids
from bot.clock import system_clock
from bot.config import load_settings
from storage.db import build_engine, build_session_factory, create_schema

ROOT = Path(__file__).resolve().parents[1]
MANIFEST_PATH = ROOT / "manifest.yml"
SCHEMA_ENV = "SLACK_MANIFEST_SCHEMA"
DEFAULT_SCHEMA_PATH = ROOT.parent / "shared" / "slack" / "manifest.schema.1.0.0.json"
# Where Slack-facing code lives; every Web API call and listener registration is found here.
CODE_PATHS = (ROOT / "app.py", ROOT / "bot")
SIGNING_SECRET = "s"
BOT_TOKEN = "xoxb-x"
EVENTS_PATH = "/slack/events"

# The bot scopes the manifest must ask for, exactly, and the code that needs each one.
EXPECTED_BOT_SCOPES: dict[str, str] = {
    "commands": "the /oops slash command and the 'Own up to this' message shortcut",
    "chat:write": (
        "chat.postMessage (the owned-up message, nudge DMs, result DMs), chat.update (nudge "
        "buttons replaced by the outcome), chat.postEphemeral (refusing someone else's button)"
    ),
    "channels:join": (
        "conversations.join: post into a public channel the bot is not in yet "
        "(bot/owning_up.py), instead of asking for chat:write.public"
    ),
    "im:write": "conversations.open with one affected person (bot/owning_up.py)",
    "mpim:write": "conversations.open for a group DM with the people affected (bot/owning_up.py)",
    "users:read": "users.info for the author's time zone and locale (bot/user_profiles.py)",
    "files:write": "/oops export DMs the caller their own data as a JSON file",
    "channels:history": (
        "conversations.history/replies: find our own post (by its metadata) when Slack's answer "
        "to it was lost, so it is never posted twice (bot/post_recovery.py)"
    ),
    "groups:history": "the same, for a private channel",
    "mpim:history": "the same, for a group DM",
    "im:history": "the message.im event: what people type in the app's DM (bot/typed_replies.py)",
}
# Bot events (manifest spelling) and the scopes Slack requires to deliver them.
EVENT_SCOPES: dict[str, tuple[str, ...]] = {"message.im": ("im:history",)}
# What `app.event(...)` names for a manifest event, where the two differ.
EVENT_TYPES: dict[str, str] = {"message.im": "message"}

# Web API methods (slack_sdk spelling) and the bot scopes they need; () means none.
# conversations.open needs im:write for one person and mpim:write for several.
WEB_API_SCOPES: dict[str, tuple[str, ...]] = {
    "api_test": (),
    "auth_test": (),
    "auth_revoke": (),
    "apps_connections_open": (),  # app-level token (connections:write), not a bot scope
    "apps_uninstall": (),
    "oauth_v2_access": (),
    "oauth_v2_exchange": (),
    "chat_postMessage": ("chat:write",),
    "chat_postEphemeral": ("chat:write",),
    "chat_update": ("chat:write",),
    "chat_delete": ("chat:write",),
    "chat_scheduleMessage": ("chat:write",),
    "chat_getPermalink": (),
    "conversations_join": ("channels:join",),
    "conversations_open": ("im:write", "mpim:write"),
    "conversations_history": ("channels:history", "groups:history", "mpim:history"),
    "conversations_replies": ("channels:history", "groups:history", "mpim:history"),
    "users_info": ("users:read",),
    "views_open": (),
    "views_push": (),
    "views_update": (),
    "views_publish": (),
    "files_upload_v2": ("files:write",),
    "files_upload": ("files:write",),
    "files_getUploadURLExternal": ("files:write",),
    "files_completeUploadExternal": ("files:write",),
}
# Name prefixes of slack_sdk WebClient methods, to tell Web API calls from other method calls.
WEB_API_FAMILIES = frozenset(
    "admin api apps assistant auth bookmarks bots calls canvases chat conversations dialog dnd "
    "emoji files functions migration oauth openid pins reactions reminders rtm search stars team "
    "usergroups users views workflows".split()
)
LISTENER_KINDS = frozenset({"command", "shortcut", "message_shortcut", "global_shortcut", "event"})
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$")


# -- loading ---------------------------------------------------------------------------------


def load_manifest() -> dict[str, Any]:
    """The parsed manifest.yml; fail (not skip) when it is missing."""
    if not MANIFEST_PATH.is_file():
        pytest.fail(f"{MANIFEST_PATH} is missing: the app cannot be installed without it")
    manifest = yaml.safe_load(MANIFEST_PATH.read_text(encoding="utf-8"))
    assert isinstance(manifest, dict), "manifest.yml must be a YAML mapping"
    return manifest


def schema_path() -> Path:
    """Slack's manifest schema: $SLACK_MANIFEST_SCHEMA, else ../shared/slack/ next to the repo."""
    configured = os.environ.get(SCHEMA_ENV, "").strip()
    return Path(configured) if configured else DEFAULT_SCHEMA_PATH


def load_schema() -> dict[str, Any]:
    """Slack's published JSON Schema for manifests.

    It lives outside the repository: when it is absent the test skips (fails on CI, and always
    when $SLACK_MANIFEST_SCHEMA names a file that is not there).
    """
    path = schema_path()
    if not path.is_file():
        reason = (
            f"Slack's app manifest schema is not at {path}: put manifest.schema.1.0.0.json "
            f"(slackapi/manifest-schema) there, or set {SCHEMA_ENV} to its path"
        )
        if os.environ.get(SCHEMA_ENV, "").strip():
            pytest.fail(reason, pytrace=False)
        skip_unless_ci(reason)
    return json.loads(path.read_text(encoding="utf-8"))


def _slack_regex(validator: Any, regex: str, instance: Any, schema: dict[str, Any]) -> Any:
    """Enforce Slack's non-standard `regex` keyword as if it were `pattern`."""
    yield from jsonschema.Draft7Validator.VALIDATORS["pattern"](validator, regex, instance, schema)


# Draft 7 plus Slack's `regex` keyword (e.g. on background_color), which plain Draft 7 ignores.
SlackManifestValidator = jsonschema.validators.extend(
    jsonschema.Draft7Validator, {"regex": _slack_regex}
)


# -- what the source registers and calls ------------------------------------------------------


def _source_files() -> list[Path]:
    files: list[Path] = []
    for path in CODE_PATHS:
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return [f for f in files if f.is_file()]


def _resolve(node: ast.expr, where: str) -> str:
    """The string a listener constraint names: a literal, a bot.ids constant, or an event dict."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Dict):  # {"callback_id": ...} for shortcuts, {"type": ...} for events
        fields = {k.value: v for k, v in zip(node.keys, node.values, strict=True) if k is not None}
        for name in ("callback_id", "type"):
            if isinstance(fields.get(name), ast.expr):
                return _resolve(fields[name], where)
    dotted = ast.unparse(node).split(".")
    value: Any = ids
    for part in dotted[1:] if dotted[0] == "ids" else dotted:
        value = getattr(value, part, None)
    if isinstance(value, str):
        return str(value)
    raise AssertionError(f"{where}: register listeners with a literal or a bot.ids constant")


def registered_in_source() -> dict[str, set[str]]:
    """Constraints of every `app.command/shortcut/event(...)` call in the code, by kind."""
    found: dict[str, set[str]] = {kind: set() for kind in LISTENER_KINDS}
    for path in _source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            func = node.func
            if (
                func.attr in LISTENER_KINDS
                and isinstance(func.value, ast.Name)
                and func.value.id == "app"
                and node.args
            ):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found[func.attr].add(_resolve(node.args[0], where))
    return found


def web_api_calls() -> dict[str, list[str]]:
    """Every Web API method the code calls (slack_sdk spelling), with where it is called."""
    calls: dict[str, list[str]] = {}
    for path in _source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            name = node.func.attr
            if name == "api_call" and node.args and isinstance(node.args[0], ast.Constant):
                name = str(node.args[0].value).replace(".", "_")
            if "_" in name and name.split("_", 1)[0] in WEB_API_FAMILIES:
                calls.setdefault(name, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return calls


def ids_constants(prefix: str) -> set[str]:
    """String constants in bot.ids named `prefix` or `prefix_*`."""
    return {
        value
        for name, value in vars(ids).items()
        if isinstance(value, str) and (name == prefix or name.startswith(prefix + "_"))
    }


# -- the real app, dispatched to without a network ---------------------------------------------


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    """A fake Slack Web API: answers auth.test at construction and whatever listeners call."""
    with FakeSlack() as fake_slack:
        yield fake_slack


@pytest.fixture
def app(fake: FakeSlack, tmp_path: Path) -> Iterator[App]:
    """The real Bolt app as create_app builds it, in single-workspace mode, on a scratch SQLite."""
    # A file, not :memory:: Bolt runs listeners on several threads at once, and a single shared
    # in-memory connection (StaticPool) used by two threads crashes sqlite3.
    database_url = f"sqlite:///{tmp_path / 'manifest.db'}"
    engine = build_engine(database_url)
    create_schema(engine)
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.base_url,
            "DATABASE_URL": database_url,
        }
    )
    # Imported here so the schema and source checks still run while the app cannot be built.
    from bot.app_factory import create_app

    with pytest.MonkeyPatch.context() as env:
        # Bolt switches to OAuth mode by itself when these are in the environment.
        env.delenv("SLACK_CLIENT_ID", raising=False)
        env.delenv("SLACK_CLIENT_SECRET", raising=False)
        client = WebClient(token=BOT_TOKEN, base_url=fake.base_url)
        yield create_app(settings, build_session_factory(engine), system_clock, client)
    engine.dispose()


def dispatch(app: App, body: str, content_type: str) -> BoltResponse:
    """Hand `app` a request signed exactly as Slack signs it."""
    headers = {"Content-Type": content_type, **signature_headers(SIGNING_SECRET, body)}
    return app.dispatch(BoltRequest(body=body, headers=headers))


def send_command(app: App, command: str) -> BoltResponse:
    """Run slash command `command` with no text, as a form body."""
    form = {
        "team_id": TEAM_ID,
        "team_domain": "fake",
        "channel_id": "C123",
        "channel_name": "general",
        "user_id": "U123",
        "user_name": "u123",
        "command": command,
        "text": "",
        "api_app_id": "A0001",
        "response_url": f"https://hooks.slack.com/commands/{TEAM_ID}/1/x",
        "trigger_id": new_trigger_id(),
    }
    return dispatch(app, urlencode(form), "application/x-www-form-urlencoded")


def send_shortcut(app: App, kind: str, callback_id: str) -> BoltResponse:
    """Run a message or global shortcut, as an interactive `payload=` form body."""
    payload = (
        message_shortcut(callback_id, text="I deleted the wrong branch")
        if kind == "message"
        else global_shortcut(callback_id)
    )
    body = urlencode({"payload": json.dumps(payload)})
    return dispatch(app, body, "application/x-www-form-urlencoded")


def sample_event(event_type: str) -> dict[str, Any]:
    """A plausible inner event of `event_type`."""
    now = f"{time.time():.6f}"
    samples: dict[str, dict[str, Any]] = {
        "app_home_opened": {"user": "U123", "channel": "D123", "tab": "home"},
        "tokens_revoked": {"tokens": {"oauth": ["U123"], "bot": ["UBOT"]}},
        "message.im": {"channel_type": "im", "channel": "D123", "user": "U123", "ts": now},
    }
    kind = EVENT_TYPES.get(event_type, event_type)
    return {"type": kind, "event_ts": now, **samples.get(event_type, {}), "text": "hi"}


def send_event(app: App, event_type: str) -> BoltResponse:
    """Deliver an Events API `event_callback` of `event_type`."""
    envelope = {
        "token": "unused",
        "team_id": TEAM_ID,
        "api_app_id": "A0001",
        "event": sample_event(event_type),
        "type": "event_callback",
        "event_id": f"Ev{time.time_ns()}",
        "event_time": int(time.time()),
        "authorizations": [
            {"team_id": TEAM_ID, "user_id": "UBOT", "is_bot": True, "is_enterprise_install": False}
        ],
    }
    return dispatch(app, json.dumps(envelope), "application/json")


def _commands(manifest: dict[str, Any]) -> list[str]:
    return [c["command"] for c in manifest.get("features", {}).get("slash_commands", [])]


def _shortcuts(manifest: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (s["type"], s["callback_id"]) for s in manifest.get("features", {}).get("shortcuts", [])
    ]


def _bot_events(manifest: dict[str, Any]) -> list[str]:
    return manifest.get("settings", {}).get("event_subscriptions", {}).get("bot_events", [])


def _bot_scopes(manifest: dict[str, Any]) -> list[str]:
    return manifest.get("oauth_config", {}).get("scopes", {}).get("bot", [])


# -- the schema --------------------------------------------------------------------------------


def test_manifest_is_valid_against_slacks_schema() -> None:
    """manifest.yml passes Slack's published JSON Schema, formats and `regex` included."""
    manifest = load_manifest()
    schema = load_schema()
    SlackManifestValidator.check_schema(schema)
    validator = SlackManifestValidator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(manifest), key=lambda e: list(e.absolute_path))
    assert not errors, "manifest.yml does not match Slack's schema:\n" + "\n".join(
        f"  {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors
    )


def test_slack_regex_keyword_is_enforced() -> None:
    """A bad background_color is caught, so the schema's `regex` is not silently ignored."""
    schema = load_schema()
    bad = {"display_information": {"name": "oops", "background_color": "#zzzzzz"}}
    assert not SlackManifestValidator(schema).is_valid(bad)


def test_manifest_settings_the_app_relies_on() -> None:
    """Metadata, bot user, App Home, interactivity and request URLs are what the code expects."""
    manifest = load_manifest()
    assert manifest["_metadata"] == {"major_version": 1, "minor_version": 1}
    info = manifest["display_information"]
    assert info["name"] == "oops"
    assert HEX_COLOR.match(info["background_color"])
    features, settings = manifest["features"], manifest["settings"]
    assert features["bot_user"] == {"display_name": "oops", "always_online": False}
    # The Home tab shows the author's log (views.publish); nudges arrive as DMs in Messages.
    assert features["app_home"] == {
        "home_tab_enabled": True,
        "messages_tab_enabled": True,
        "messages_tab_read_only_enabled": False,
    }
    # Modals, buttons and shortcuts all need interactivity.
    assert settings["interactivity"]["is_enabled"] is True
    urls = [c.get("url") for c in features["slash_commands"]] + [
        settings["interactivity"]["request_url"],
        settings["event_subscriptions"]["request_url"],
    ]
    for url in urls:
        assert urlsplit(url).path == EVENTS_PATH, f"{url}: the app serves POST {EVENTS_PATH}"
    assert all(not c.get("should_escape", False) for c in features["slash_commands"])
    assert settings["socket_mode_enabled"] is False
    assert settings["token_rotation_enabled"] is False


# -- commands and shortcuts, both ways ---------------------------------------------------------


def test_every_command_and_shortcut_the_code_defines_is_in_the_manifest() -> None:
    """bot.ids constants and `app.command/shortcut(...)` registrations all appear in it."""
    manifest = load_manifest()
    source = registered_in_source()
    commands = ids_constants("COMMAND") | source["command"]
    shortcuts = (
        ids_constants("SHORTCUT")
        | source["shortcut"]
        | source["message_shortcut"]
        | source["global_shortcut"]
    )
    assert commands, "found no slash command in bot.ids or the listeners"
    assert commands <= set(_commands(manifest)), "slash commands missing from manifest.yml"
    in_manifest = {callback_id for _, callback_id in _shortcuts(manifest)}
    assert shortcuts <= in_manifest, "shortcut callback_ids missing from manifest.yml"
    kinds = dict(_shortcuts(manifest))
    for callback_id in source["message_shortcut"]:
        assert kinds.get(callback_id) == "message", f"{callback_id} is a message shortcut"
    for callback_id in source["global_shortcut"]:
        assert kinds.get(callback_id) == "global", f"{callback_id} is a global shortcut"


def test_every_manifest_command_has_a_listener(app: App) -> None:
    """Each slash command in the manifest is handled by the app (an unhandled one gets 404)."""
    manifest = load_manifest()
    for command in _commands(manifest):
        response = send_command(app, command)
        assert response.status == 200, f"{command}: HTTP {response.status} {response.body}"


def test_every_manifest_shortcut_has_a_listener(app: App) -> None:
    """Each shortcut callback_id in the manifest is handled by the app, as its type."""
    manifest = load_manifest()
    shortcuts = _shortcuts(manifest)
    assert shortcuts, "manifest.yml declares no shortcut"
    for kind, callback_id in shortcuts:
        response = send_shortcut(app, kind, callback_id)
        assert response.status == 200, (
            f"{kind} shortcut {callback_id!r}: HTTP {response.status} {response.body}"
        )


# -- events, both ways -------------------------------------------------------------------------


def test_every_event_the_code_listens_to_is_subscribed() -> None:
    """Every `app.event(...)` in the code is subscribed to; the other direction is dispatched."""
    manifest = load_manifest()
    events = _bot_events(manifest)
    assert sorted(events) == sorted(set(events)), "bot_events has duplicates"
    assert set(events) >= {"app_home_opened", "app_uninstalled", "tokens_revoked"}
    missing = registered_in_source()["event"] - {EVENT_TYPES.get(e, e) for e in events}
    assert not missing, f"events the code listens to but manifest.yml does not subscribe: {missing}"


def test_every_manifest_event_has_a_listener(app: App) -> None:
    """The app handles each bot event it subscribes to (Bolt answers 404 to unhandled ones)."""
    manifest = load_manifest()
    answers = {event: send_event(app, event) for event in _bot_events(manifest)}
    unhandled = {event: f"HTTP {r.status}" for event, r in answers.items() if r.status != 200}
    assert not unhandled, f"bot_events in manifest.yml with no listener in the app: {unhandled}"


def test_unhandled_requests_get_404(app: App) -> None:
    """Control: the dispatch checks above can tell a missing listener from a present one."""
    assert send_command(app, "/not-ours").status == 404
    assert send_shortcut(app, "message", "not_ours").status == 404
    assert send_event(app, "reaction_added").status == 404


# -- scopes ------------------------------------------------------------------------------------


def test_scopes_are_exactly_the_expected_set() -> None:
    """The manifest asks for the bot scopes listed (with reasons) above, no more, no fewer."""
    manifest = load_manifest()
    scopes = _bot_scopes(manifest)
    assert len(scopes) == len(set(scopes)), "duplicate bot scopes"
    assert set(scopes) == set(EXPECTED_BOT_SCOPES)
    oauth = manifest["oauth_config"]
    assert set(oauth["scopes"]) == {"bot"}, "oops needs no user token scopes"


def test_scopes_match_the_web_api_calls_in_the_code() -> None:
    """Every scope is needed by a call in the code (or by commands), and every call is covered."""
    manifest = load_manifest()
    calls = web_api_calls()
    unknown = {name: where for name, where in calls.items() if name not in WEB_API_SCOPES}
    assert not unknown, f"add these Web API methods to WEB_API_SCOPES with their scopes: {unknown}"
    needed = {scope for name in calls for scope in WEB_API_SCOPES[name]}
    needed |= {scope for event in _bot_events(manifest) for scope in EVENT_SCOPES.get(event, ())}
    if _commands(manifest) or _shortcuts(manifest):
        needed.add("commands")
    scopes = set(_bot_scopes(manifest))
    assert not needed - scopes, (
        f"the code calls methods needing scopes not asked for: {needed - scopes}"
    )
    assert not scopes - needed, f"scopes asked for that no code uses: {scopes - needed}"


# -- when the schema is not there --------------------------------------------------------------


@pytest.fixture
def schema_absent(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A fresh clone with nothing beside it: no ../shared, no SLACK_MANIFEST_SCHEMA."""
    absent = tmp_path / "shared" / "slack" / "manifest.schema.1.0.0.json"
    monkeypatch.setitem(globals(), "DEFAULT_SCHEMA_PATH", absent)
    monkeypatch.delenv(SCHEMA_ENV, raising=False)
    return absent


def test_absent_schema_skips_with_one_line_naming_where_it_goes(
    schema_absent: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        load_schema()
    reason = str(skipped.value)
    assert str(schema_absent) in reason and SCHEMA_ENV in reason and "\n" not in reason


def test_absent_schema_fails_on_ci(schema_absent: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        load_schema()


def test_a_configured_schema_path_that_is_not_there_fails_even_locally(
    schema_absent: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv(SCHEMA_ENV, str(schema_absent))
    with pytest.raises(pytest.fail.Exception, match=SCHEMA_ENV):
        load_schema()
