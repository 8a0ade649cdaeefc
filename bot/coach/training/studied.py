"""Training sentences from whole labelled messages that were once blind sets and are now studied.

A studied set labels messages, not sentences ({"text", "kinds"}: the kinds anywhere in it).
What a message label says about its sentences:
- a message with no finding kind: every sentence is clean (the most realistic hard negatives
  we have: thanks, neutral mentions, precise scope, repairs in the passive);
- a one-sentence message: the sentence carries the message's kinds and, when the message is
  not marked missing them, shows both ownership and repair;
- "missing_repair" / "missing_responsibility": no sentence shows repair / ownership;
- a kind in a longer message: one sentence shows it. Where the writer quoted the words that
  show it ("evidence": {kind: exact substring}, sets 4-7), the sentence holding them; otherwise
  `locate` picks the sentence a first-pass model scores highest for that kind (multiple-instance
  learning in its simplest form). The message's other sentences are left out for that kind.
Heads a sentence says nothing certain about are listed in `Labelled.unsure` and get weight 0.
The blind set (tests/coach/blind.jsonl) is never read here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.coach.sentences import Sentences
from bot.coach.training.labels import HEADS, MODEL_KINDS, SIGNALS, Labelled, in_dev

TESTS = Path(__file__).resolve().parents[3] / "tests" / "coach"
# Earlier blind sets, each written by someone who never saw the rules; looked at since.
STUDIED: tuple[Path, ...] = (
    TESTS / "independent_dev.jsonl",
    TESTS / "independent_dev2.jsonl",
    TESTS / "independent_dev3.jsonl",
    # Four more writers (E-H), 320 messages each, labelled with the words that show each kind.
    TESTS / "independent_dev4.jsonl",
    TESTS / "independent_dev5.jsonl",
    TESTS / "independent_dev6.jsonl",
    TESTS / "independent_dev7.jsonl",
    # Six more (I-N), 320 each: Indian, US startup, UK/Irish, non-native, Commonwealth, and
    # very short or very long messages. They scored the coach before they were studied.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(8, 14)),
    # Six more (O-T): healthcare, finance, European and other IT, frontline workers on phones,
    # the public sector, managers' polished corporate wording.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(14, 20)),
    # Six more (U-Z): field crews, HR and legal, newsrooms, logistics, first jobs, big tech.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(20, 26)),
    # Six more (A2-F2): gaming, property and travel, labs, factories, freelancers with
    # clients, short replies in threads.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(26, 32)),
    # Six more (G2-L2): banking, schools, NGO field staff, hospital doctors, lawyers, and one
    # writer asked for the hardest cases they could write.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(32, 38)),
    # Six more (M2-R2): people between teams, Asian e-commerce, transport and dispatch, Latin
    # American and Iberian agencies, founders and executives, office administration.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(38, 44)),
    # Six more (S2-X2): farms and food, telecoms, sport and venues, policy and consulting,
    # another party in every message, and messages under 120 characters.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(44, 50)),
    # Six more (Y2-D3): frontline staff in non-native English, engineers naming other teams,
    # formal finance and HR, the hardest cases again, public services, casual startup teams.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(50, 56)),
    # Six more (E3-J3): field crews, consultants, non-native writers, customer-facing staff,
    # team leads owning decisions, interns.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(56, 62)),
    # Six more (K3-P3): grid and airport operations, M3 blame and its look-alikes, O3 subtle
    # excuses and minimising. They scored the coach of session 7 before they were studied.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(62, 68)),
    # Four of six more (Q3-T3): shops and hotels, SRE incident threads, universities,
    # construction. They scored the coach of session 7 before they were studied.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(68, 72)),
    # Eight more (U3-B4): marketing and PR, non-native writers of ten first languages,
    # insurance and accounts, nurses and carers, product teams, the hardest cases again,
    # warehouses and couriers, public services around the Commonwealth. They scored the coach
    # of session 8 before they were studied.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(72, 80)),
    # Six more (C4-H4): events and travel, factories, sales, one-liners, long write-ups,
    # sport and media. They scored the coach of session 8 before they were studied.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(80, 86)),
    # Six more (I4-N4): platform engineers, shops and hotels in non-native English, data and
    # finance reporting, sales and account managers, the hardest cases again, charities and
    # local government. They scored the coach of session 9 before they were studied; L4-N4
    # were studied last, after scoring its final rules.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(86, 92)),
    # Six more (O4-T4): care and pharmacy, trades, product and marketing, the hardest cases
    # again, transport, universities and firms. They scored the coach of session 9 before
    # they were studied.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(92, 98)),
    # Six more (U4-Z4): clinics and care homes, finance operations, engineers among vendors
    # and other teams, shops and hotels in one-liners, the hardest cases again, public
    # services and newsrooms in non-native English. They scored the coach of session 10
    # before they were studied.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(98, 104)),
    # Six more (A5-F5): excuses and their honest look-alikes, blame and neutral mentions,
    # legal and public administration, schools and labs, support desks in Asian and African
    # English, casual games and media teams. They scored the coach of session 10 before they
    # were studied.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(104, 110)),
    # Six more (G5-L5): plants, sites and utilities, sales and recruiting, software and data
    # teams, travel in European, Middle Eastern and Latin American English, the hardest cases
    # again, charities and councils. They scored the coach of session 10 before they were
    # studied.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(110, 116)),
    # Six more (M5-R5): finance in Indian, Singaporean and African English, health and care,
    # SaaS, logistics, the hardest cases again, hospitality in a second language. They scored
    # the coach of session 10 before they were studied.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(116, 122)),
    # Six more (S5-X5): construction and surveying, retail on phones, universities in a second
    # language, agencies, W5 the subtlest cases, public services and utilities. They scored
    # the coach of session 11 before they were studied.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(122, 128)),
    # Six more (Y5-D6): health and care, software and SRE, hospitality in a second language,
    # finance, plants and trucking on phones, schools and charities. They scored the coach of
    # session 11 before they were studied.
    *(TESTS / f"independent_dev{n}.jsonl" for n in range(128, 134)),
)
# A head's scores for many sentences at once, shape (n, len(HEADS)).
Scorer = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Message:
    """A studied message cut into sentences, with its message-level kinds."""

    sentences: tuple[str, ...]
    kinds: frozenset[str]
    text: str = ""
    # kind -> index of the sentence holding the writer's evidence for it
    shown_in: tuple[tuple[str, int], ...] = ()


def studied_messages(paths: Sequence[Path] = STUDIED) -> list[Message]:
    """Every message of the studied sets that exist, cut into its wordy sentences."""
    messages = []
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            text = row["text"]
            spans = [
                (s, e)
                for s, e in Sentences(text).spans
                if sum(ch.isalpha() for ch in text[s:e]) >= 3
            ]
            if spans:
                parts = tuple(text[s:e].strip() for s, e in spans)
                shown = _shown_in(text, spans, row.get("evidence") or {})
                messages.append(Message(parts, frozenset(row["kinds"]), text, shown))
    return messages


def _shown_in(
    text: str, spans: Sequence[tuple[int, int]], evidence: dict[str, str]
) -> tuple[tuple[str, int], ...]:
    """(kind, sentence index) for each evidence string found in `text`: the sentence holding
    most of it (a quote may run over a sentence end)."""
    found = []
    for kind, words in sorted(evidence.items()):
        at = text.find(words) if words else -1
        if at < 0:
            continue
        overlap = [min(e, at + len(words)) - max(s, at) for s, e in spans]
        best = max(range(len(spans)), key=overlap.__getitem__)
        if overlap[best] > 0:
            found.append((kind, best))
    return tuple(found)


def split_messages(messages: Sequence[Message]) -> tuple[list[Message], list[Message]]:
    """(train, dev) by a hash of each message's text: a message's sentences stay together, so
    the dev messages can be scored whole, as the coach sees them."""
    train, dev = [], []
    for message in messages:
        (dev if in_dev(message.text) else train).append(message)
    return train, dev


def _signals_of(message: Message) -> tuple[frozenset[str], frozenset[str]]:
    """(shown, unsure) signals of every sentence of `message` before locating."""
    absent = set()
    if "missing_repair" in message.kinds:
        absent.add("repair")
    if "missing_responsibility" in message.kinds:
        absent.add("ownership")
    if len(message.sentences) == 1 and "missing_responsibility" not in message.kinds:
        # One sentence that is a whole message and owns it: it says both, bar what is absent.
        return frozenset(set(SIGNALS) - absent), frozenset()
    return frozenset(), frozenset(set(SIGNALS) - absent)


def certain_sentences(messages: Sequence[Message]) -> list[Labelled]:
    """Sentences whose every head is known, or unsure only where the labels cannot say."""
    found = []
    for message in messages:
        kinds = message.kinds & set(MODEL_KINDS)
        shown, unsure = _signals_of(message)
        if not kinds:
            found += [Labelled(s, shown, "studied", unsure) for s in message.sentences]
        elif len(message.sentences) == 1:
            found.append(Labelled(message.sentences[0], kinds | shown, "studied", unsure))
    return found


def located_sentences(messages: Sequence[Message], scorer: Scorer) -> list[Labelled]:
    """For longer messages, the sentence `scorer` rates highest for each kind (and signal).

    A sentence picked for some kinds is labelled with those; the heads it was not picked for
    are unsure, except signals the message lacks (certain negatives). Messages whose every
    head is known (see `certain_sentences`) are skipped.
    """
    found = []
    for message in messages:
        kinds = message.kinds & set(MODEL_KINDS)
        shown, unsure_signals = _signals_of(message)
        if len(message.sentences) == 1 or not (kinds or unsure_signals):
            continue
        scores = scorer(message.sentences)
        shown = dict(message.shown_in)
        picked: dict[int, set[str]] = {}
        for head in sorted(kinds | unsure_signals):
            at = shown.get(head)
            if at is None:
                at = int(np.argmax(scores[:, HEADS.index(head)]))
            picked.setdefault(at, set()).add(head)
        if not kinds:
            # A clean message: its sentences are in `certain_sentences` already; only the
            # sentences picked for a signal come again, with that signal.
            for n, heads in picked.items():
                unsure = frozenset(MODEL_KINDS) | (unsure_signals - heads)
                found.append(Labelled(message.sentences[n], frozenset(heads), "studied", unsure))
            continue
        for n, heads in picked.items():
            sure = frozenset(set(SIGNALS) - unsure_signals)  # absent signals: certain negatives
            unsure = frozenset(set(HEADS) - heads - sure)
            found.append(Labelled(message.sentences[n], frozenset(heads), "studied", unsure))
    return found
