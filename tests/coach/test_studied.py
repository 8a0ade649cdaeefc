"""How message-level labels of the studied sets become sentence labels for the model."""

from __future__ import annotations

import json

import numpy as np

from bot.coach.training.labels import HEADS, MODEL_KINDS
from bot.coach.training.studied import (
    Message,
    certain_sentences,
    located_sentences,
    studied_messages,
)


def _scorer(favourite: dict[str, str]):
    """Scores each head high only for the sentence named in `favourite`."""

    def scores(sentences):
        out = np.zeros((len(sentences), len(HEADS)))
        for head, sentence in favourite.items():
            out[sentences.index(sentence), HEADS.index(head)] = 5.0
        return out

    return scores


def test_a_clean_message_gives_clean_sentences_and_leaves_signals_open():
    message = Message(("I sent the wrong file.", "The right one is attached."), frozenset())
    found = certain_sentences([message])
    assert [f.text for f in found] == list(message.sentences)
    assert all(not f.kinds and f.unsure == {"repair", "ownership"} for f in found)


def test_a_message_missing_repair_is_a_certain_negative_for_repair_only():
    message = Message(("I sent the wrong file.", "Sorry all."), frozenset({"missing_repair"}))
    found = certain_sentences([message])
    assert all(f.unsure == {"ownership"} and "repair" not in f.kinds for f in found)


def test_a_one_sentence_message_keeps_its_kinds_and_shows_both_signals():
    one = Message(("only two orders, no big deal, reverted it",), frozenset({"minimizing"}))
    (found,) = certain_sentences([one])
    assert found.kinds == {"minimizing", "repair", "ownership"}
    assert not found.unsure


def test_a_kind_in_a_longer_message_is_placed_on_the_sentence_scored_highest():
    message = Message(
        ("The vendor changed the API on us.", "I've pinned the version."),
        frozenset({"blame"}),
    )
    assert certain_sentences([message]) == []
    scorer = _scorer({"blame": message.sentences[0], "repair": message.sentences[1]})
    found = {f.text: f for f in located_sentences([message], scorer)}
    blamed = found[message.sentences[0]]
    assert "blame" in blamed.kinds
    # What the label cannot say about that sentence is left out of training, not called clean.
    assert set(MODEL_KINDS) - {"blame"} <= blamed.unsure
    assert "repair" in found[message.sentences[1]].kinds


def test_a_longer_clean_message_places_only_its_signals():
    message = Message(("dropped the wrong db user.", "recreated it."), frozenset())
    scorer = _scorer({"ownership": message.sentences[0], "repair": message.sentences[1]})
    found = {f.text: f for f in located_sentences([message], scorer)}
    assert found[message.sentences[0]].kinds == {"ownership"}
    assert found[message.sentences[1]].kinds == {"repair"}
    assert all(set(MODEL_KINDS) <= f.unsure for f in found.values())


def test_studied_messages_reads_the_sets_that_exist(tmp_path):
    path = tmp_path / "set.jsonl"
    rows = [{"text": "I broke it. Fixed now.", "kinds": []}, {"text": "ok", "kinds": []}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    messages = studied_messages([path, tmp_path / "absent.jsonl"])
    assert [m.sentences for m in messages] == [("I broke it.", "Fixed now.")]


def _one_studied(tmp_path, text: str, kinds: list[str], evidence: dict[str, str]) -> Message:
    """The message a studied set of one row reads as."""
    path = tmp_path / "set.jsonl"
    row = {"text": text, "kinds": kinds, "evidence": evidence}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    (message,) = studied_messages([path])
    return message


def test_the_writers_evidence_places_a_kind_over_the_first_pass_model(tmp_path):
    text = "Sorry team. The export job got pointed at the old bucket, my bad. I repointed it at 9."
    message = _one_studied(tmp_path, text, ["passive"], {"passive": "got pointed at"})
    assert message.shown_in == (("passive", 1),)
    # The scorer favours another sentence; the quoted words win.
    scorer = _scorer({"passive": message.sentences[2], "repair": message.sentences[2]})
    found = {f.text: f for f in located_sentences([message], scorer)}
    assert "passive" in found[message.sentences[1]].kinds
    assert "passive" not in found[message.sentences[2]].kinds


def test_evidence_not_found_in_the_text_falls_back_to_the_scorer(tmp_path):
    text = "The vendor changed the API on us. I've pinned the version."
    message = _one_studied(tmp_path, text, ["blame"], {"blame": "somebody else did it"})
    assert message.shown_in == ()
    scorer = _scorer({"blame": message.sentences[0], "repair": message.sentences[1]})
    found = {f.text: f for f in located_sentences([message], scorer)}
    assert "blame" in found[message.sentences[0]].kinds
