"""A new person's first requests arrive together: every get-or-create must let all of them in."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

from storage import repositories as repo
from storage.user_settings import Prefs, get_prefs, save_prefs

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
AT_ONCE = 8
ROUNDS = 5  # a fresh person each round: one round can miss the window by luck


def _all_at_once(work: Callable[[int], None]) -> list[BaseException]:
    """Run `work(0..AT_ONCE-1)` on threads released together; the errors they raised."""
    barrier, errors = threading.Barrier(AT_ONCE), []

    def run(i: int) -> None:
        barrier.wait()
        try:
            work(i)
        except Exception as error:  # collected: the test shows every failure, not the first
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_first_profile_writes_of_a_new_person_all_succeed(session_factory):
    for n in range(ROUNDS):
        user_id = f"UNEW{n}"

        def cache(i: int, user_id: str = user_id) -> None:
            with session_factory.begin() as s:
                repo.save_profile(
                    s, team_id="T1", user_id=user_id, tz=f"Etc/GMT+{i}", locale="en-US", now=NOW
                )

        assert _all_at_once(cache) == []
        with session_factory() as s:
            profile = repo.get_profile(s, team_id="T1", user_id=user_id)
        assert profile.tz in {f"Etc/GMT+{i}" for i in range(AT_ONCE)}


def test_first_settings_saves_of_a_new_person_all_succeed(session_factory):
    for n in range(ROUNDS):
        user_id = f"UNEW{n}"

        def save(i: int, user_id: str = user_id) -> None:
            with session_factory.begin() as s:
                save_prefs(s, team_id="T1", user_id=user_id, now=NOW, prefs=Prefs(cadence=i + 1))

        assert _all_at_once(save) == []
        with session_factory() as s:
            assert get_prefs(s, team_id="T1", user_id=user_id).cadence in range(1, AT_ONCE + 1)


def test_an_upsert_refreshes_a_row_the_session_already_holds(session_factory):
    with session_factory.begin() as s:
        save_prefs(s, team_id="T1", user_id="U1", now=NOW, prefs=Prefs(cadence=2.0))
        assert get_prefs(s, team_id="T1", user_id="U1").cadence == 2.0
        save_prefs(s, team_id="T1", user_id="U1", now=NOW, prefs=Prefs(cadence=0.5))
        assert get_prefs(s, team_id="T1", user_id="U1").cadence == 0.5


def test_of_presses_at_once_exactly_one_records_the_reply(session_factory):
    from support.factories import new_oops

    with session_factory.begin() as s:
        oops_id = repo.record_oops(s, new=new_oops(), now=NOW, nudges=[]).id
    for n in range(ROUNDS):
        won: list[int] = []

        # A fresh key each round: the kind is one of three, so the person changes.
        def press(i: int, user_id: str = f"U0AFF{n}", won: list[int] = won) -> None:
            with session_factory.begin() as s:
                if repo.record_reply(
                    s, oops_id=oops_id, team_id="T1", user_id=user_id, kind="thanks", now=NOW
                ):
                    won.append(i)

        assert _all_at_once(press) == []
        assert len(won) == 1
