"""Repository functions against real SQLite files and PostgreSQL, committed like the app does."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

from support.factories import add_step, new_oops

from storage import home_lists, nudge_queue, steps, sweepers
from storage import repositories as repo
from storage.db import build_engine, build_session_factory, normalize_url
from storage.install_key import InstallKey
from storage.models import Nudge
from storage.states import NudgeStatus

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _new(**over) -> repo.NewOops:
    fields = dict(
        author_id="UAUTHOR",
        what_happened="I deleted the staging DB",
        repair="restored",
        message="msg",
        message_ts="1.1",
        affected=["U2", "U2"],
    )
    return new_oops(**{**fields, **over})


def _record(sf, *, due=(("reflection", NOW + timedelta(days=1)),), **over) -> int:
    with sf.begin() as s:
        return repo.record_oops(s, new=_new(**over), now=NOW, nudges=list(due)).id


def test_record_oops_keeps_everything_and_dedupes_affected(session_factory):
    oops_id = _record(session_factory)
    with session_factory() as s:
        oops = repo.get_oops(s, oops_id=oops_id)
        assert oops.created_at == NOW and oops.created_at.tzinfo is not None
        assert [a.user_id for a in oops.affected] == ["U2"]
        assert [(n.kind, n.due_at, n.status) for n in oops.nudges] == [
            ("reflection", NOW + timedelta(days=1), "pending")
        ]


def test_claim_only_due_and_each_once(session_factory):
    _record(session_factory, due=[("reflection", NOW), ("prevention", NOW + timedelta(hours=1))])
    with session_factory.begin() as s:
        first = nudge_queue.claim_due_nudges(s, now=NOW, limit=10, lease=timedelta(minutes=5))
    with session_factory.begin() as s:
        second = nudge_queue.claim_due_nudges(s, now=NOW, limit=10, lease=timedelta(minutes=5))
    assert [n.kind for n in first] == ["reflection"] and first[0].attempts == 1
    assert second == []


def test_lapsed_lease_is_claimable_again_and_old_token_cannot_mark(session_factory):
    _record(session_factory, due=[("reflection", NOW)])
    lease = timedelta(minutes=5)
    with session_factory.begin() as s:
        (crashed,) = nudge_queue.claim_due_nudges(s, now=NOW, limit=10, lease=lease)
    later = NOW + lease + timedelta(seconds=1)
    with session_factory.begin() as s:
        assert (
            nudge_queue.claim_due_nudges(s, now=NOW + timedelta(minutes=1), limit=10, lease=lease)
            == []
        )
        (retaken,) = nudge_queue.claim_due_nudges(s, now=later, limit=10, lease=lease)
    assert retaken.id == crashed.id and retaken.attempts == 2
    with session_factory.begin() as s:
        assert not nudge_queue.mark_nudge_sent(
            s,
            nudge_id=crashed.id,
            claim_token=crashed.claim_token,
            now=later,
            channel_id="D1",
            message_ts="2.2",
        )
        assert nudge_queue.mark_nudge_sent(
            s,
            nudge_id=retaken.id,
            claim_token=retaken.claim_token,
            now=later,
            channel_id="D1",
            message_ts="2.2",
        )


def test_failed_send_backs_off(session_factory):
    _record(session_factory, due=[("reflection", NOW)])
    with session_factory.begin() as s:
        (n,) = nudge_queue.claim_due_nudges(s, now=NOW, limit=10, lease=timedelta(minutes=5))
        nudge_queue.mark_nudge_failed(
            s,
            nudge_id=n.id,
            claim_token=n.claim_token,
            retry_at=NOW + timedelta(seconds=30),
            error="ratelimited",
        )
    with session_factory.begin() as s:
        assert (
            nudge_queue.claim_due_nudges(
                s, now=NOW + timedelta(seconds=29), limit=10, lease=timedelta(minutes=5)
            )
            == []
        )
        (again,) = nudge_queue.claim_due_nudges(
            s, now=NOW + timedelta(seconds=30), limit=10, lease=timedelta(minutes=5)
        )
    assert again.attempts == 2


def test_cancelled_oops_nudges_never_claimed(session_factory):
    oops_id = _record(session_factory, due=[("reflection", NOW)])
    with session_factory.begin() as s:
        assert repo.cancel_oops(s, oops_id=oops_id) == 1
    with session_factory.begin() as s:
        assert (
            nudge_queue.claim_due_nudges(
                s, now=NOW + timedelta(days=30), limit=10, lease=timedelta(minutes=5)
            )
            == []
        )


def test_release_claims_makes_them_pending_now(session_factory):
    _record(session_factory, due=[("reflection", NOW)])
    with session_factory.begin() as s:
        (n,) = nudge_queue.claim_due_nudges(s, now=NOW, limit=10, lease=timedelta(minutes=5))
        assert nudge_queue.release_claims(s, claim_tokens=[n.claim_token]) == 1
    with session_factory.begin() as s:
        (again,) = nudge_queue.claim_due_nudges(s, now=NOW, limit=10, lease=timedelta(minutes=5))
    assert again.attempts == 1


def test_release_claims_by_id_leaves_the_rest_of_the_claim_alone(session_factory):
    _record(session_factory, due=[("reflection", NOW), ("prevention", NOW)])
    lease = timedelta(minutes=5)
    with session_factory.begin() as s:
        sent, unsent = nudge_queue.claim_due_nudges(s, now=NOW, limit=10, lease=lease, token="t-1")
    with session_factory.begin() as s:
        assert nudge_queue.release_claims(s, claim_tokens=["t-1"], nudge_ids=[unsent.id]) == 1
        assert nudge_queue.release_claims(s, claim_tokens=["t-1"], nudge_ids=[]) == 0
    with session_factory.begin() as s:
        assert nudge_queue.mark_nudge_sent(
            s, nudge_id=sent.id, claim_token="t-1", now=NOW, channel_id="D1", message_ts="1.1"
        )
        assert [n.id for n in nudge_queue.claim_due_nudges(s, now=NOW, limit=10, lease=lease)] == [
            unsent.id
        ]


def test_concurrent_claimers_take_disjoint_rows(db_url, session_factory):
    for i in range(10):
        _record(
            session_factory,
            due=[(k, NOW) for k in ("reflection", "prevention", "followup")],
            message_ts=f"1.{i}",
        )
    seen: list[int] = []
    lock = threading.Lock()

    def worker():
        engine = build_engine(db_url)
        sf = build_session_factory(engine)
        while True:
            with sf.begin() as s:
                got = nudge_queue.claim_due_nudges(s, now=NOW, limit=2, lease=timedelta(minutes=5))
            if not got:
                break
            with lock:
                seen.extend(n.id for n in got)
        engine.dispose()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 30


def test_answers_actions_and_lists_are_per_author(session_factory):
    oops_id = _record(session_factory, due=[("prevention", NOW)])
    _record(session_factory, author_id="UOTHER", due=[])
    with session_factory.begin() as s:
        nudge = repo.get_author_nudge(s, nudge_id=1, author_id="UAUTHOR")
        assert repo.get_author_nudge(s, nudge_id=1, author_id="UOTHER") is None
        assert repo.record_answer(s, nudge=nudge, text="not sent yet", now=NOW) is None
        nudge.status = "sent"
        s.flush()
        assert repo.record_answer(s, nudge=nudge, text="add a check", now=NOW)
        assert repo.record_answer(s, nudge=nudge, text="add a check", now=NOW) is None
        step = steps.add_step(
            s,
            oops_id=oops_id,
            team_id="T1",
            author_id="UAUTHOR",
            description="add a check",
            owner_id="UAUTHOR",
            due_on=date(2026, 3, 9),
            now=NOW,
        )
    with session_factory.begin() as s:
        assert [o.author_id for o in repo.list_oopses(s, team_id="T1", author_id="UAUTHOR")] == [
            "UAUTHOR"
        ]
        assert [a.text for a in repo.list_answers(s, team_id="T1", author_id="UAUTHOR")] == [
            "add a check"
        ]
        assert repo.list_answers(s, team_id="T1", author_id="UOTHER") == []
        assert steps.complete_step(s, step_id=step.id, user_id="UOTHER", now=NOW) is None
        assert steps.complete_step(s, step_id=step.id, user_id="UAUTHOR", now=NOW)
        assert steps.complete_step(s, step_id=step.id, user_id="UAUTHOR", now=NOW) is False
        assert steps.list_open_steps(s, team_id="T1", user_id="UAUTHOR") == []


def test_home_finds_a_connect_authors_rows_by_the_installation_that_served_them(
    session_factory,
):
    host, org = InstallKey(None, "T0HOST"), InstallKey("E0ORG", None, is_enterprise_install=True)
    guest = _record(session_factory, team_id="T0GUEST", install=host)
    _record(session_factory, team_id="T0GUEST", author_id="UOTHER", install=host)
    _record(session_factory, team_id="T0ORGWS", install=org)
    with session_factory.begin() as s:
        nudge = repo.get_oops(s, oops_id=guest).nudges[0]
        nudge.status = "sent"
        s.flush()
        repo.record_answer(s, nudge=nudge, text="add a check", now=NOW)
        add_step(s, oops_id=guest, team_id="T0GUEST", author_id="UAUTHOR")
    # What the App Home event says: the host's team, the host's installation.
    seen = {"team_id": "T0HOST", "author_id": "UAUTHOR"}
    with session_factory() as s:
        assert repo.list_oopses(s, **seen) == [] and home_lists.count_oopses(s, **seen) == 0
        assert [o.id for o in repo.list_oopses(s, **seen, install=host)] == [guest]
        assert home_lists.count_oopses(s, **seen, install=host) == 1
        assert [a.oops_id for a in repo.list_answers(s, **seen, install=host)] == [guest]
        assert home_lists.count_answers(s, **seen, install=host) == 1
        open_steps = steps.list_open_steps(s, team_id="T0HOST", user_id="UAUTHOR", install=host)
        assert [step.oops_id for step in open_steps] == [guest]
        # Another installation's rows are not the host's to show.
        other = {"team_id": "T0ELSE", "author_id": "UAUTHOR", "install": InstallKey(None, "T0ELSE")}
        assert repo.list_oopses(s, **other) == [] and repo.list_answers(s, **other) == []
        assert len(repo.list_oopses(s, **{**seen, "install": org})) == 1  # the org-wide one


def test_normalize_url_accepts_operator_spellings():
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


def test_stale_drafts_are_discarded(session_factory):
    from bot.runtime import discard_stale_drafts

    with session_factory.begin() as s:
        repo.save_draft(s, team_id="T1", author_id="U1", fields={}, now=NOW - timedelta(days=3))
        fresh = repo.save_draft(s, team_id="T1", author_id="U1", fields={}, now=NOW).id
    assert discard_stale_drafts(session_factory, lambda: NOW, timedelta(days=2)) == 1
    with session_factory() as s:
        assert repo.get_draft(s, draft_id=fresh, author_id="U1") is not None


def test_locales_of_several_users_in_one_query(session_factory):
    with session_factory.begin() as s:
        repo.save_profile(s, team_id="T1", user_id="U1", tz=None, locale="zh-CN", now=NOW)
        repo.save_profile(s, team_id="T1", user_id="U2", tz=None, locale=None, now=NOW)
        repo.save_profile(s, team_id="T2", user_id="U1", tz=None, locale="en-US", now=NOW)
    with session_factory() as s:
        got = repo.get_locales(s, users=[("T1", "U1"), ("T1", "U2"), ("T1", "U9"), ("T2", "U2")])
        assert repo.get_locales(s, users=[]) == {}
    assert got == {("T1", "U1"): "zh-CN", ("T1", "U2"): None}


def test_a_press_before_the_send_is_recorded_keeps_its_status(session_factory):
    _record(session_factory, due=[("reflection", NOW)])
    with session_factory.begin() as s:
        (n,) = nudge_queue.claim_due_nudges(s, now=NOW, limit=10, lease=timedelta(minutes=5))
    with session_factory.begin() as s:  # the DM arrived; Skip came before the sweep wrote it
        assert repo.close_nudge(s, nudge_id=n.id, author_id="UAUTHOR", status="skipped")
    with session_factory.begin() as s:
        assert nudge_queue.mark_nudge_sent(
            s, nudge_id=n.id, claim_token=n.claim_token, now=NOW, channel_id="D1", message_ts="2.2"
        )
    with session_factory() as s:
        nudge = repo.get_author_nudge(s, nudge_id=n.id, author_id="UAUTHOR")
        assert (nudge.status, nudge.message_ts, nudge.claim_token) == ("skipped", "2.2", None)


def test_a_draft_reminder_is_claimed_once_even_by_racing_closes(db_url, session_factory):
    with session_factory.begin() as s:
        draft_id = repo.save_draft(s, team_id="T1", author_id="U1", fields={}, now=NOW).id
    # Each racer on its own engine, as two replicas would be; all start together.
    factories = [build_session_factory(build_engine(db_url)) for _ in range(4)]
    start, wins = threading.Barrier(len(factories)), []

    def close(factory):
        start.wait()
        with factory.begin() as s:
            wins.append(repo.claim_draft_reminder(s, draft_id=draft_id, now=NOW))

    threads = [threading.Thread(target=close, args=(f,)) for f in factories]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == [False, False, False, True]
    with session_factory.begin() as s:
        assert not repo.claim_draft_reminder(s, draft_id=draft_id, now=NOW)


def test_deliveries_are_recorded_together_only_under_our_claim(session_factory):
    _record(session_factory, due=[("reflection", NOW), ("prevention", NOW), ("followup", NOW)])
    lease = timedelta(minutes=5)
    with session_factory.begin() as s:
        mine, stolen, answered = nudge_queue.claim_due_nudges(s, now=NOW, limit=10, lease=lease)
    with session_factory.begin() as s:  # the author answered before the sweep recorded it
        s.get(Nudge, answered.id).status = NudgeStatus.ANSWERED
    deliveries = [
        nudge_queue.Delivery(mine.id, mine.claim_token, "D1", "1.1"),
        nudge_queue.Delivery(stolen.id, "someone-else's-token", "D1", "1.2"),
        nudge_queue.Delivery(answered.id, answered.claim_token, "D1", "1.3"),
    ]
    with session_factory.begin() as s:
        nudge_queue.mark_nudges_sent(s, deliveries, now=NOW)
        nudge_queue.mark_nudges_sent(s, deliveries, now=NOW)  # a replay changes nothing more
    with session_factory() as s:
        rows = {n.id: n for n in s.query(Nudge)}
    assert (rows[mine.id].status, rows[mine.id].message_ts) == (NudgeStatus.SENT, "1.1")
    assert rows[mine.id].claim_token is None and rows[mine.id].sent_at is not None
    assert (rows[stolen.id].status, rows[stolen.id].message_ts) == (NudgeStatus.SENDING, None)
    assert (rows[answered.id].status, rows[answered.id].message_ts) == (NudgeStatus.ANSWERED, "1.3")


def _two_sweepers(owners: dict[InstallKey, int]) -> tuple[str, str]:
    """Two claimer ids (A, B) between which each key goes to the one `owners` says (0: A)."""
    for i in range(10_000):
        pair = (f"a{i:07d}", f"b{i:07d}")
        if all(sweepers.owner_of(k, pair) == pair[n] for k, n in owners.items()):
            return pair
    raise AssertionError("no such pair")


def test_a_workspace_another_sweeper_is_sending_to_is_left_to_it(session_factory):
    busy, calm = InstallKey(None, "T0BUSY", False), InstallKey(None, "T0CALM", False)
    org = InstallKey("E0ORG", None, True)
    a, b = _two_sweepers({busy: 0, calm: 1, org: 1})
    with session_factory.begin() as s:
        for minutes, key in ((10, busy), (9, busy), (5, calm), (4, calm), (2, org), (1, org)):
            due = NOW - timedelta(minutes=minutes)
            repo.record_oops(s, new=_new(install=key), now=NOW, nudges=[("reflection", due)])
    lease = timedelta(minutes=5)

    def claim(claimer: str, limit: int, now=NOW) -> list:
        with session_factory.begin() as s:
            return nudge_queue.claim_due_nudges(
                s, now=now, limit=limit, lease=lease, claimer=claimer
            )

    assert [n.install for n in claim(a, 1)] == [busy]  # sweeper A, alone, sends to BUSY
    # B is live now and owns CALM and the org: it gets those; A takes its own workspace's.
    assert sorted(n.install.team_id or "" for n in claim(b, 10)) == ["", "", "T0CALM", "T0CALM"]
    assert [n.install for n in claim(a, 10)] == [busy]
    assert claim(b, 10) == []
    # A's claims lapsed and A has not been seen since (a crash): B takes BUSY over.
    later = NOW + lease + timedelta(seconds=1)
    assert {n.install for n in claim(b, 10, later)} == {busy, calm, org}


def test_a_sweeper_that_stopped_claiming_keeps_its_rows_but_not_the_workspace(session_factory):
    busy = InstallKey(None, "T0BUSY", False)
    with session_factory.begin() as s:
        for minutes in (3, 2, 1):
            due = NOW - timedelta(minutes=minutes)
            repo.record_oops(s, new=_new(install=busy), now=NOW, nudges=[("reflection", due)])
    lease = timedelta(minutes=5)

    def claim(claimer: str, now) -> list:
        with session_factory.begin() as s:
            return nudge_queue.claim_due_nudges(s, now=now, limit=1, lease=lease, claimer=claimer)

    a, b = _two_sweepers({busy: 1})  # with both live, B owns BUSY
    (held,) = claim(a, NOW)  # A, alone then, claims; then A is killed (kill -9) holding it
    assert claim(b, NOW + timedelta(seconds=10)) == []  # A may still be sending
    (taken,) = claim(b, NOW + timedelta(seconds=31))  # A claims no more: B goes on
    assert taken.id != held.id and taken.install == busy


def test_live_sweepers_share_the_workspaces_out_and_one_leaving_hands_its_share_over(
    session_factory,
):
    keys = [InstallKey(None, f"T{i:04d}", False) for i in range(40)]
    with session_factory.begin() as s:
        for key in keys:
            due = NOW - timedelta(minutes=1)
            repo.record_oops(s, new=_new(install=key), now=NOW, nudges=[("reflection", due)])
    lease = timedelta(minutes=5)

    def claim(claimer: str, now=NOW) -> set[InstallKey]:
        with session_factory.begin() as s:
            got = nudge_queue.claim_due_nudges(s, now=now, limit=1, lease=lease, claimer=claimer)
            nudge_queue.release_claims(s, claim_tokens=[n.claim_token for n in got])
            return {n.install for n in got}

    a, b = "aaaaaaaa", "bbbbbbbb"
    with session_factory.begin() as s:  # both have been seen sweeping
        sweepers.live_sweepers(s, claimer=a, now=NOW)
        sweepers.live_sweepers(s, claimer=b, now=NOW)
    mine_a = {k for k in keys if sweepers.owner_of(k, [a, b]) == a}
    assert 10 < len(mine_a) < 30  # a fair share each
    for _ in range(5):
        assert claim(a) <= mine_a and claim(b) <= set(keys) - mine_a
    with session_factory.begin() as s:
        sweepers.leave(s, claimer=b)
    taken = set()
    for _ in range(40):  # B left: A may take any workspace now
        with session_factory.begin() as s:
            got = nudge_queue.claim_due_nudges(s, now=NOW, limit=1, lease=lease, claimer=a)
            taken |= {n.install for n in got}
    assert taken == set(keys)
    # Gone for longer than LIVE without leaving counts as gone too.
    with session_factory.begin() as s:
        assert sweepers.live_sweepers(s, claimer=b, now=NOW) == [a, b]
        assert sweepers.live_sweepers(s, claimer=a, now=NOW + sweepers.LIVE * 2) == [a]


def test_a_new_sweeper_takes_only_its_own_share():
    keys = [InstallKey(None, f"T{i:04d}", False) for i in range(300)]
    two = {k: sweepers.owner_of(k, ["aaaaaaaa", "bbbbbbbb"]) for k in keys}
    three = {k: sweepers.owner_of(k, ["aaaaaaaa", "bbbbbbbb", "cccccccc"]) for k in keys}
    moved = [k for k in keys if two[k] != three[k]]
    assert all(three[k] == "cccccccc" for k in moved)  # nothing moves between A and B
    assert 60 < len(moved) < 140  # about a third


def test_a_sweeper_restarted_on_its_host_takes_its_share_back_at_once(session_factory):
    """Killed (kill -9, so it never left), then restarted with the name its host and ports
    give it: it is not a second sweeper waiting LIVE for the first to look gone."""
    keys = [InstallKey(None, f"T{i:04d}", False) for i in range(20)]
    with session_factory.begin() as s:
        for key in keys:
            due = NOW - timedelta(minutes=1)
            repo.record_oops(s, new=_new(install=key), now=NOW, nudges=[("reflection", due)])
    name = sweepers.sweeper_name("oops-7f9c", 3000, 3001)
    assert name == sweepers.sweeper_name("oops-7f9c", 3000, 3001) and len(name) == 8
    assert name != sweepers.sweeper_name("oops-7f9c", 3002, 3003)  # a second process there
    with session_factory.begin() as s:
        sweepers.live_sweepers(s, claimer=name, now=NOW)  # the first run, then killed
    lease = timedelta(minutes=5)
    with session_factory.begin() as s:  # restarted a second later
        later = NOW + timedelta(seconds=1)
        got = nudge_queue.claim_due_nudges(s, now=later, limit=50, lease=lease, claimer=name)
    assert {n.install for n in got} == set(keys)
    with session_factory.begin() as s:  # a stranger in its place gets only its own share
        nudge_queue.release_claims(s, claim_tokens=[got[0].claim_token])
        stranger = nudge_queue.claim_due_nudges(
            s, now=NOW + timedelta(seconds=2), limit=50, lease=lease, claimer="0f0f0f0f"
        )
    theirs = {k for k in keys if sweepers.owner_of(k, [name, "0f0f0f0f"]) == "0f0f0f0f"}
    assert {n.install for n in stranger} == theirs != set(keys)
