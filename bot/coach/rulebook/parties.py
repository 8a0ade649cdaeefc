"""Another party in a sentence: who, other than the writer, blame can name as the doer."""

from __future__ import annotations

# Another party as the subject of a clause: a role, team, firm, shift or source document
# ("the print shop", "their tech team", "the agency's brief", "Treasury", "nobody").
_PEOPLE = (
    r"(?:team|teams|dept|department|office|vendor|supplier|agency|client|contractor|freelancer"
    r"|driver|courier|carrier|printers?|print\s+shop|auditors?|venue|caterers?|company|shop"
    r"|warehouse|shift|desk|squad|crew|guys|folks|devs|developers?|engineers?|engineering"
    r"|designers?|lawyers?|solicitors|counsel|partner|manager|lead|boss|reviewer|tester|qa"
    r"|ops|it|hr|finance|legal|security|marketing|sales|platform|infra|planning|treasury"
    r"|people\s+ops)"
)
SOURCES = (
    r"(?:brief|template|ticket|forecast|spreadsheet|sheet|runbook|notes|calendar|spec|handover"
    r"|instructions|prescription|system|software|tool|crm|ats|erp|export|feed|doc|docs"
    r"|documentation|wiki)"
)
# Days and months open sentences as names do; "Tuesday I pulled..." names no one else, nor
# does "My mistake — trusted autocomplete and didn't check".
_NOT_A_NAME = (
    r"(?!(?:Also|Then|Just|And|But|So|Sorry|Oops|Still|Again|Yesterday|Today|Tonight|This|That"
    r"|It|Which|Who|Everyone|Nothing|Everything|There|Here|Once|When|While|After|Before|Since"
    r"|Because|Maybe|Perhaps|Now|Somehow|Unfortunately|Honestly|Apparently|Obviously|Clearly"
    r"|Initially|Originally|Sadly|Totally|Really|Actually|Probably|Definitely|Accidentally"
    r"|Completely|Basically|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January"
    r"|February|March|April|May|June|July|August|September|October|November|December|Last"
    r"|Next|Morning|Hi|Hey|Hello|Dear|Update|Note|FYI|My|Our|Your|Their|His|Her|Its|Thanks"
    r"|Thank|Please|Yes|Yeah|No|Ok|Okay|Oh|Well|Right|Both|All)\b)"
)
NAMED = r"(?-i:\b" + _NOT_A_NAME + r"[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?(?:'s)?)"
_PRONOUN = r"\b(?:nobody|no\s+one|noone|they|he|she|someone|somebody)\b"
# Words between another party and its verb; never the writer or an auxiliary (a passive).
FILLER = (
    r"(?:(?!(?:i|i've|i'd|we|was|were|is|are|been|be|and|but|so|then|had|has|have|got)\b)"
    r"[\w-]+\s+){0,2}?"
)


def _party(nouns: str) -> str:
    """Another party as the subject of a clause: "the print shop", "their tech team"."""
    return r"\b(?:the|their|his|her|your|that)\s+" + FILLER + nouns + r"\b"


# A Slack mention names a person as a name does: "<@U05PIC444> was supposed to do it".
_MENTION = r"<@[\w.|-]+>"
PEOPLE_PARTY = r"(?:" + _party(_PEOPLE) + "|" + _PRONOUN + "|" + NAMED + "|" + _MENTION + ")"
ANY_PARTY = (
    r"(?:"
    + _party(r"(?:" + _PEOPLE + "|" + SOURCES + ")")
    + "|"
    + _PRONOUN
    + "|"
    + NAMED
    + "|"
    + _MENTION
    + ")"
)
