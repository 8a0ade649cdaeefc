"""Which writing system a text is in, so the coach can say when it cannot read it.

The coach's rules and drafts are English. A text mostly in another script (Chinese, Japanese,
Korean, Cyrillic, Arabic…) would otherwise come back with "no issues", which reads as approval.
The check is by script, not by vocabulary: mentions, links, emoji codes, code spans and digits are
ignored, and the letters left are weighed per script. One Chinese character carries about as much
as a short English word, so it counts as several Latin letters; a Chinese sentence with "staging"
and "DB" in it is still Chinese, and an English sentence naming 王伟 is still English.

Latin-script languages (Spanish, German…) are told from English by their function words, the
short words every sentence needs ("el", "und", "jeg"): a sentence with more of another
language's than of English's is in that language. A language identifier (py3langid) would name
more languages, but its model costs about 90 MB of memory and 0.8 s to load, against the
coach's budget of 30 MB and 1 s.
"""

from __future__ import annotations

import re
import unicodedata

from bot.coach.sentences import Sentences

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


# Function words that are not also English words ("die", "was", "also", "no" are left out).
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    name: frozenset(words.split())
    for name, words in {
        "Spanish": "el la los las del que y en un una por con para está están ya mi mío mía pero"
        " como lo le les se fue hoy ayer muy también porque cuando sin sobre al su sus este esta"
        " eso esto hay todo nada gracias perdón disculpa disculpen equipo fui hice puse envié"
        " favor buenas buenos días tardes nos ha he hemos yo tú él ella ellos usted ustedes es",
        "German": "der das und ist nicht ich mein meine ein eine einen zu mit von den dem auf für"
        " im es heute habe hab sind wir sie auch nur noch bei aus wie dass fehler entschuldigung"
        " leider bitte danke gestern morgen schon hier jetzt wurde wird kann soll muss haben"
        " hatte ihr uns euch bis",
        "French": "le les des est et je pas une du qui pour dans sur avec mon ma mes c'est j'ai ce"
        " il elle nous vous mais ou très aussi hier aujourd'hui merci désolé désolée erreur"
        " faute au aux été fait ça cette ces leur",
        "Portuguese": "os não é com eu meu minha foi já hoje ontem obrigado obrigada desculpa"
        " desculpem erro também porque quando sem ao seu sua isso isto uma um do da dos das em"
        " que pessoal",
        "Italian": "il gli di che è per non sono ho mio mia con del della dei delle anche oggi"
        " ieri grazie scusa scusate errore ma molto questo questa quello",
        "Dutch": "het een van niet ik mijn op dat met voor zijn wij jullie ook vandaag gisteren"
        " bedankt fout excuses heb hebben",
        "Scandinavian": "og er ikke jeg min det på til har som med och inte jag är för att av fra"
        " også nå går kveld feil",
        "Indonesian or Malay": "saya yang dan di ini itu tidak untuk dengan sudah ke dari ada"
        " akan kami maaf kita mereka atau juga hari kemarin terima kasih tolong",
        "Tagalog": "ang ng sa mga ko ako hindi po yung naman lang kasi salamat pasensya",
        "Polish": "nie jest się że na ja mój moja przepraszam błąd dzisiaj wczoraj",
    }.items()
}
_ENGLISH_WORDS = frozenset(
    "the a an and to of in is it i my we for on with that this was be have has had not but so at"
    " by from you they he she are were will just me our your all if or as sorry been did do"
    " don't i'm i've it's i'll what which who there their them then than when about into out"
    " up no yes can could would should one some any more now here today yesterday team thanks"
    " mistake wrong fixed sent".split()
)
_WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _tally(text: str) -> tuple[int, int, str | None, int]:
    """(words, English function words, the other language with most, its function words)."""
    words = _WORDS.findall(_NOT_PROSE.sub(" ", text).lower())
    english = sum(w in _ENGLISH_WORDS for w in words)
    best, hits = None, 0
    for name, vocabulary in _FUNCTION_WORDS.items():
        n = sum(w in vocabulary for w in words)
        if n > hits:
            best, hits = name, n
    return len(words), english, best, hits


def _foreign(english: int, best: str | None, hits: int) -> str | None:
    return best if hits >= 2 and hits > 1.5 * english else None


def foreign_language(text: str) -> str | None:
    """The Latin-script language other than English `text` (a sentence) is in, by function
    words; None for English or when it cannot tell (fewer than two such words)."""
    return _foreign(*_tally(text)[1:])


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
    """True when the coach can read `text`: English (as far as `unreadable_language` can tell),
    or no letters at all."""
    return unreadable_language(text) is None


def unreadable_language(text: str) -> str | None:
    """The English name of the language or script the coach cannot read in `text`, else None.

    Latin-script text is another language when the sentences `foreign_language` names hold
    at least half of its words.
    """
    script = dominant_script(text)
    if script is None:
        return None
    if script != "latin":
        return LANGUAGE_NAMES.get(script, LANGUAGE_NAMES["other"])
    total, foreign = 0, {}
    for start, end in Sentences(text).spans:
        words, *counts = _tally(text[start:end])  # once per sentence
        total += words
        name = _foreign(*counts)
        if name is not None:
            foreign[name] = foreign.get(name, 0) + words
    if not foreign or 2 * sum(foreign.values()) < total:
        return None
    return max(foreign, key=foreign.__getitem__)
