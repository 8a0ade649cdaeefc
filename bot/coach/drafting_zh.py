"""The Chinese draft, for facts written in Chinese: the same shapes as the English one.

The person's words are kept; we only add 我 where a fact starts with a verb ("删除了测试库" ->
"我删除了测试库"), close each sentence with 。 and put our own short sentences around them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # drafting calls this module; at run time nothing here needs it
    from bot.coach.drafting import Chooser, DraftFacts

_SPACES = re.compile(r"\s+")
_TRAILING = re.compile(r"[\s。．.，,；;：:、]+$")
_SPLIT = re.compile(r"[。；;！!？?\n]+")
# First characters of a fact that starts with what the writer did (the subject left out).
_VERB_START = tuple(
    "删发把将误不忘没未推合跑运部上改用给在错弄搞提写漏重关开点覆清执配更设修回恢已正会马立刚加去停撤取"
    "向跟和让导填选输拿传从通"
)
_BECAUSE = ("因为", "由于")
_DONE = ("已经", "已", "修好", "恢复了", "回滚了", "撤回了")

SORRY_FIRST = ("抱歉，{}", "不好意思，{}")
OWN_AFTER = ("这是我的失误，抱歉。", "这是我的疏忽，抱歉。")
RESPONSIBILITY = {
    "significant": ("这是我的失误。", "这件事的责任在我。"),
    "serious": ("这件事完全是我的责任。", "这是我的错，我承担全部责任。"),
}
REGRET = {
    "significant": ("给大家添了麻烦，很抱歉。", "耽误了大家的时间，很抱歉。"),
    "serious": ("对造成的损失，我非常抱歉。", "对受到影响的每一位，我都深感抱歉。"),
}
TALK = (
    "有任何问题，或需要我做什么，请在这里回复或直接私信我；我也愿意当面聊一聊。",
    "欢迎在这里回复或私信我，我很愿意和受影响的同事当面聊一聊。",
)


def _tidy(text: str) -> str:
    return _TRAILING.sub("", _SPACES.sub(" ", text or "").strip())


def _sentences(text: str, *, mine: bool = True) -> list[str]:
    """Each part of `text` as a sentence ending in 。, with 我 where the writer is left out."""
    out = []
    for part in _SPLIT.split(_tidy(text)):
        part = _tidy(part)
        if not part:
            continue
        if mine and not part.startswith("我") and part.startswith(_VERB_START):
            part = "我" + part
        out.append(part + "。")
    return out


def _why(text: str) -> list[str]:
    line = _tidy(text)
    if not line:
        return []
    if line.startswith(_BECAUSE) or line.startswith("我"):
        return _sentences(line)
    return ["原因是" + s for s in _sentences(line)]


def _impact(facts: DraftFacts) -> list[str]:
    line = _tidy(facts.impact)
    if line:
        if line.startswith(("这", "它", "我")):
            return _sentences(line, mine=False)
        lead = "这" if line.startswith(("导致", "造成", "影响", "使", "让")) else "这导致"
        return [lead + s for s in _sentences(line, mine=False)[:1]] + _sentences(line)[1:]
    if facts.affected_count:
        return [f"这影响了 {facts.affected_count:,} 个人。"]
    return []


def _prevention(text: str) -> list[str]:
    steps = _sentences(text)
    if not steps:
        return []
    return ["为了避免再次发生，" + steps[0], *steps[1:]]


def draft_zh(facts: DraftFacts, choose: Chooser) -> str:
    """The owning-up message for `facts`, in Chinese."""
    level = facts.severity
    what = _sentences(facts.what_happened) or ["我犯了一个错误。"]
    repair = _sentences(facts.repair)
    prevention = _prevention(facts.prevention)
    if level == "minor":
        if what[0].startswith("我"):
            story = [choose.pick(SORRY_FIRST).format(what[0]), *what[1:], *_why(facts.why)]
        else:
            story = [*what, *_why(facts.why), choose.pick(OWN_AFTER)]
        if _tidy(facts.impact):
            story += _impact(facts)
        return "".join([*story, *repair, *prevention])
    own = choose.pick(RESPONSIBILITY[level])
    regret = choose.pick(REGRET[level])
    if level == "significant":
        story = [*what, *_why(facts.why), *_impact(facts), own]
        if not repair and not prevention:
            return "".join([*story, regret])
        return "\n\n".join(["".join(story), "".join([*repair, *prevention, regret])])
    impact = _impact(facts)
    paragraphs = [
        [*what, *_why(facts.why), *([] if impact else [own])],
        [*impact, own] if impact else [],
        [*repair, *prevention],
        [regret, choose.pick(TALK)],
    ]
    return "\n\n".join("".join(p) for p in paragraphs if p)
