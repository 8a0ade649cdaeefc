"""Which writing system a text is in, so the coach can say when it cannot read it.

The coach's rules and drafts are English. A text mostly in another script (Chinese, Japanese,
Korean, Cyrillic, Arabic…) would otherwise come back with "no issues", which reads as approval.
The check is by script, not by vocabulary: mentions, links, emoji codes, code spans and digits are
ignored, and the letters left are weighed per script. One Chinese character carries about as much
as a short English word, so it counts as several Latin letters; a Chinese sentence with "staging"
and "DB" in it is still Chinese, and an English sentence naming 王伟 is still English.

Latin-script languages other than English (French, German…) are not told apart here.
"""

from __future__ import annotations

import re
import unicodedata

# Slack markup and other things that are not prose: <@U123>, <#C1|name>, <https://…|text>,
# :emoji_codes:, `code` and ```blocks```, bare URLs.
_NOT_PROSE = re.compile(r"```.*?```|`[^`\n]*`|<[^<>\n]*>|:[a-z0-9_+'-]+:|\bhttps?://\S+", re.S)

# Letters per script are weighed by how much one of them says, roughly in English letters.
_WEIGHTS = {"latin": 1.0, "han": 3.0, "kana": 2.0, "hangul": 2.5}
_SCRIPT_PREFIXES = (
    ("LATIN", "latin"),
    ("CJK", "han"),
    ("HIRAGANA", "kana"),
    ("KATAKANA", "kana"),
    ("HANGUL", "hangul"),
    ("CYRILLIC", "cyrillic"),
    ("ARABIC", "arabic"),
    ("HEBREW", "hebrew"),
    ("GREEK", "greek"),
    ("DEVANAGARI", "devanagari"),
    ("THAI", "thai"),
)
LANGUAGE_NAMES = {
    "han": "Chinese",
    "kana": "Japanese",
    "hangul": "Korean",
    "cyrillic": "Cyrillic-script",
    "arabic": "Arabic-script",
    "hebrew": "Hebrew",
    "greek": "Greek",
    "devanagari": "Devanagari-script",
    "thai": "Thai",
    "other": "non-Latin-script",
}


def _script(char: str) -> str:
    """The script of one letter: a key of LANGUAGE_NAMES, or "latin"."""
    if char < "\u0250":  # ASCII and Latin-1/Extended-A/B letters: the common case, no lookup
        return "latin"
    name = unicodedata.name(char, "")
    for prefix, script in _SCRIPT_PREFIXES:
        if name.startswith(prefix):
            return script
    return "other"


def dominant_script(text: str) -> str | None:
    """The script most of the text's letters are in ("latin", "han", "kana"…); None if no letters.

    Japanese mixes kana with Chinese characters, so any real share of kana makes it "kana".
    """
    prose = _NOT_PROSE.sub(" ", text or "")
    weights: dict[str, float] = {}
    for char in prose:
        if char.isalpha():
            script = _script(char)
            weights[script] = weights.get(script, 0.0) + _WEIGHTS.get(script, 1.0)
    if not weights:
        return None
    if weights.get("kana", 0.0) and "han" in weights:
        weights["kana"] += weights.pop("han")
    return max(weights, key=lambda s: (weights[s], s == "latin"))


def reads_english(text: str) -> bool:
    """True when the coach can read `text`: mostly Latin letters, or no letters at all."""
    return dominant_script(text) in (None, "latin")


def unreadable_language(text: str) -> str | None:
    """The English name of the language or script the coach cannot read in `text`, else None."""
    script = dominant_script(text)
    if script in (None, "latin"):
        return None
    return LANGUAGE_NAMES.get(script, LANGUAGE_NAMES["other"])
