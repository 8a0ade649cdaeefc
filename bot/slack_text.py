"""Moving user text safely between Slack's encodings: decode what arrives, escape what we post."""

import re

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}\Z")
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,30}\Z")


def escape_mrkdwn(text: str) -> str:
    """Escape `&`, `<`, `>` so user text cannot become mentions, links or `<!channel>`."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def decode_incoming(text: str) -> str:
    """Undo the HTML-style escaping Slack applies to text it sends us (slash command text)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def is_user_id(value: object) -> bool:
    """True for a string shaped like a Slack user id (U… or W…); False for anything else."""
    return isinstance(value, str) and bool(_USER_ID.match(value))


def is_channel_id(value: object) -> bool:
    """True for a string shaped like a Slack conversation id (C…, G… or D…); else False."""
    return isinstance(value, str) and bool(_CHANNEL_ID.match(value))


def mention(user_id: str) -> str:
    """Return `<@U…>` for a validated user id; refuse anything else so nothing can be forged."""
    if not is_user_id(user_id):
        raise ValueError(f"not a user id: {user_id!r}")
    return f"<@{user_id}>"


def chunk(text: str, limit: int = 3000) -> list[str]:
    """Split text into pieces of at most `limit` chars, preferring line then word boundaries.

    Never splits inside an `&amp;`-style entity, so escaped text stays valid in every piece.
    """
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
            amp = rest.rfind("&", max(0, cut - 5), cut)
            if amp != -1 and ";" not in rest[amp:cut]:
                cut = amp
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def truncate(text: str, limit: int) -> str:
    """Cut text to at most `limit` chars, ending with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
