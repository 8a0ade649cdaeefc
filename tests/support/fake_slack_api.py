"""Default answers of the fake Slack Web API, one small function per method."""

from __future__ import annotations

import hashlib
import itertools
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

TEAM_ID = "T0001"
TEAM_NAME = "Fake Team"
BOT_USER_ID = "UBOT"
BOT_ID = "B0001"
APP_ID = "A0001"
WORKSPACE_URL = "https://fake.slack/"
INSTALLED_BOT_TOKEN = "xoxb-installed"

Args = dict[str, Any]
Handler = Callable[["FakeState", Args], dict[str, Any]]


def _stable_id(prefix: str, seed: str) -> str:
    """Return a Slack-looking id derived from `seed`, the same every run."""
    return prefix + hashlib.sha1(seed.encode()).hexdigest()[:10].upper()


class FakeState:
    """What the fake remembers between calls: counters, user profiles, known views."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.socket_mode_url = "ws://127.0.0.1:1/socket-mode"
        self.users: dict[str, dict[str, Any]] = {}
        self.views: dict[str, dict[str, Any]] = {}
        # Every message chat.postMessage accepted, per channel, for conversations.history.
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self._ts = itertools.count(100)
        self._ids = itertools.count(1)

    def next_ts(self) -> str:
        """Return a unique, increasing message ts like Slack's: the Unix time it was posted,
        `1796000000.000100` (history's `oldest` filters on it)."""
        with self._lock:
            n = next(self._ts)
            return f"{int(time.time())}.{n % 1_000_000:06d}"

    def next_id(self, prefix: str) -> str:
        """Return a unique id such as `V000001` or `F000002`."""
        with self._lock:
            n = next(self._ids)
        return f"{prefix}{n:06d}"

    def user(self, user_id: str) -> dict[str, Any]:
        """Build the users.info `user` object, honouring `set_user` overrides."""
        conf = {"tz": "America/New_York", "locale": "en-US", **self.users.get(user_id, {})}
        tz = conf.pop("tz")
        offset = datetime.now(ZoneInfo(tz)).utcoffset()
        name = conf.pop("name", user_id.lower())
        return {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": name,
            "real_name": conf.pop("real_name", name.title()),
            "deleted": False,
            "is_bot": user_id == BOT_USER_ID,
            "tz": tz,
            "tz_label": tz,
            "tz_offset": int(offset.total_seconds()) if offset else 0,
            "profile": {"display_name": name, "real_name": name.title()},
            **conf,
        }


def auth_test(state: FakeState, args: Args) -> dict[str, Any]:
    """Answer auth.test as for a bot token."""
    return {
        "ok": True,
        "url": WORKSPACE_URL,
        "team": TEAM_NAME,
        "user": "oops",
        "team_id": TEAM_ID,
        "user_id": BOT_USER_ID,
        "bot_id": BOT_ID,
        "is_enterprise_install": False,
    }


def _view(state: FakeState, args: Args) -> dict[str, Any]:
    """Answer views.open/update/push/publish with the given view plus id and hash."""
    given = args.get("view")
    view = dict(given) if isinstance(given, dict) else {}
    view_id = (
        args.get("view_id")
        or state.views.get(args.get("external_id") or "", {}).get("id")
        # views.publish: each user's Home tab keeps one id, as in Slack.
        or (args.get("user_id") and _stable_id("V", "home:" + str(args["user_id"])))
        or state.next_id("V")
    )
    view.update(
        id=view_id,
        team_id=TEAM_ID,
        app_id=APP_ID,
        bot_id=BOT_ID,
        hash=f"{time.time():.6f}.{state.next_id('h')}",
        state={"values": {}},
        private_metadata=view.get("private_metadata", ""),
        callback_id=view.get("callback_id", ""),
    )
    state.views[view_id] = view
    if "external_id" in view:
        state.views[view["external_id"]] = view
    return {"ok": True, "view": view}


def chat_post_message(state: FakeState, args: Args) -> dict[str, Any]:
    """Answer chat.postMessage; a user id as channel becomes that user's DM channel."""
    channel = str(args.get("channel", ""))
    if channel.startswith(("U", "W")):
        channel = _stable_id("D", channel)
    ts = state.next_ts()
    message = {
        "type": "message",
        "user": BOT_USER_ID,
        "bot_id": BOT_ID,
        "app_id": APP_ID,
        "team": TEAM_ID,
        "ts": ts,
        "text": args.get("text", ""),
    }
    for key in ("blocks", "attachments", "thread_ts", "metadata"):
        if key in args:
            message[key] = args[key]
    with state._lock:
        state.messages.setdefault(channel, []).append(message)
    return {"ok": True, "channel": channel, "ts": ts, "message": message}


def _read(message: dict[str, Any], args: Args) -> dict[str, Any]:
    """A stored message as history returns it: metadata only when asked for."""
    shown = dict(message)
    if str(args.get("include_all_metadata", "")).lower() not in ("1", "true"):
        shown.pop("metadata", None)
    return shown


def conversations_history(state: FakeState, args: Args) -> dict[str, Any]:
    """Answer conversations.history: top-level messages since `oldest`, newest first."""
    oldest = float(args.get("oldest") or 0)
    with state._lock:
        stored = list(state.messages.get(str(args.get("channel", "")), []))
    found = [
        _read(m, args)
        for m in reversed(stored)
        if float(m["ts"]) > oldest and m.get("thread_ts") in (None, m["ts"])
    ]
    return {"ok": True, "messages": found, "has_more": False}


def conversations_replies(state: FakeState, args: Args) -> dict[str, Any]:
    """Answer conversations.replies: the thread of `ts` since `oldest`, oldest first."""
    oldest, parent = float(args.get("oldest") or 0), str(args.get("ts", ""))
    with state._lock:
        stored = list(state.messages.get(str(args.get("channel", "")), []))
    found = [
        _read(m, args)
        for m in stored
        if float(m["ts"]) > oldest and parent in (m["ts"], m.get("thread_ts"))
    ]
    return {"ok": True, "messages": found, "has_more": False}


def chat_update(state: FakeState, args: Args) -> dict[str, Any]:
    """Answer chat.update by echoing channel, ts and the new content."""
    message = {"text": args.get("text", ""), "user": BOT_USER_ID, "bot_id": BOT_ID}
    if "blocks" in args:
        message["blocks"] = args["blocks"]
    return {
        "ok": True,
        "channel": args.get("channel"),
        "ts": args.get("ts"),
        "text": args.get("text", ""),
        "message": message,
    }


def chat_post_ephemeral(state: FakeState, args: Args) -> dict[str, Any]:
    """Answer chat.postEphemeral with a fresh message_ts."""
    return {"ok": True, "message_ts": state.next_ts()}


def chat_get_permalink(state: FakeState, args: Args) -> dict[str, Any]:
    """Answer chat.getPermalink with a link built from channel and ts."""
    channel, ts = str(args.get("channel", "")), str(args.get("message_ts", ""))
    link = f"https://fake.slack/archives/{channel}/p{ts.replace('.', '')}"
    return {"ok": True, "channel": channel, "permalink": link}


def conversations_open(state: FakeState, args: Args) -> dict[str, Any]:
    """Answer conversations.open: one user gives a `D…` id, several a `G…` id."""
    if args.get("channel"):
        return {"ok": True, "channel": {"id": args["channel"]}}
    users = sorted(u.strip() for u in str(args.get("users", "")).split(",") if u.strip())
    if len(users) == 1:
        channel = {"id": _stable_id("D", users[0]), "is_im": True, "user": users[0]}
    else:
        channel = {"id": _stable_id("G", ",".join(users)), "is_mpim": True}
    return {"ok": True, "no_op": False, "already_open": False, "channel": channel}


def conversations_join(state: FakeState, args: Args) -> dict[str, Any]:
    """Answer conversations.join for a public channel."""
    channel = str(args.get("channel", ""))
    return {
        "ok": True,
        "channel": {"id": channel, "name": channel.lower(), "is_channel": True, "is_member": True},
    }


def users_info(state: FakeState, args: Args) -> dict[str, Any]:
    """Answer users.info with tz, tz_offset and locale."""
    return {"ok": True, "user": state.user(str(args.get("user", "")))}


def files_get_upload_url_external(state: FakeState, args: Args) -> dict[str, Any]:
    """Answer files.getUploadURLExternal with an upload URL served by the fake itself."""
    file_id = state.next_id("F")
    root = state.base_url.removesuffix("api/")
    return {"ok": True, "file_id": file_id, "upload_url": f"{root}upload/{file_id}"}


def files_complete_upload_external(state: FakeState, args: Args) -> dict[str, Any]:
    """Answer files.completeUploadExternal by echoing the files."""
    files = args.get("files")
    files = files if isinstance(files, list) else []
    return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title", "")} for f in files]}


def oauth_v2_access(state: FakeState, args: Args) -> dict[str, Any]:
    """Answer oauth.v2.access with a successful bot install into T0001; a code shaped
    `ws-<team>` or `ws-<team>-<enterprise>` installs into that workspace (of that Grid org) with
    the bot token `xoxb-<team>`, so a test or benchmark can install many workspaces; a code
    `org-<enterprise>` installs org-wide (no team) with the bot token `xoxb-<enterprise>`."""
    code = str(args.get("code", ""))
    team, token, enterprise = TEAM_ID, INSTALLED_BOT_TOKEN, ""
    if code.startswith("ws-"):
        team, _, enterprise = code.removeprefix("ws-").partition("-")
        token = f"xoxb-{team}"
    org_wide = code.startswith("org-")
    if org_wide:
        enterprise = code.removeprefix("org-")
        token = f"xoxb-{enterprise}"
    return {
        "ok": True,
        "app_id": APP_ID,
        "authed_user": {"id": "U123"},
        "scope": "commands,chat:write,chat:write.public,im:write,users:read",
        "token_type": "bot",
        "access_token": token,
        "bot_user_id": BOT_USER_ID,
        "team": None if org_wide else {"id": team, "name": TEAM_NAME if team == TEAM_ID else team},
        "enterprise": {"id": enterprise, "name": enterprise} if enterprise else None,
        "is_enterprise_install": org_wide,
    }


def apps_connections_open(state: FakeState, args: Args) -> dict[str, Any]:
    """Answer apps.connections.open with the configured Socket Mode URL."""
    return {"ok": True, "url": state.socket_mode_url}


HANDLERS: dict[str, Handler] = {
    "auth.test": auth_test,
    "views.open": _view,
    "views.update": _view,
    "views.push": _view,
    "views.publish": _view,
    "chat.postMessage": chat_post_message,
    "chat.update": chat_update,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.getPermalink": chat_get_permalink,
    "conversations.open": conversations_open,
    "conversations.history": conversations_history,
    "conversations.replies": conversations_replies,
    "conversations.join": conversations_join,
    "users.info": users_info,
    "files.getUploadURLExternal": files_get_upload_url_external,
    "files.completeUploadExternal": files_complete_upload_external,
    "oauth.v2.access": oauth_v2_access,
    "apps.connections.open": apps_connections_open,
}


def default_response(state: FakeState, method: str, args: Args) -> dict[str, Any]:
    """Return the fake's normal answer to `method`; unknown methods just say ok."""
    handler = HANDLERS.get(method)
    return handler(state, args) if handler else {"ok": True}
