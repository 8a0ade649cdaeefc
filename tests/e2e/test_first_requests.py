"""A new person's first requests arrive together: every one of them is answered."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from helpers import SECRET
from support.slack_payloads import app_home_opened
from support.slack_requests import send_event, send_slash_command

NEWCOMERS = [f"U0NEW{n}" for n in range(4)]  # several: one pair can miss the race by luck
TRIGGER_LIFETIME_S = 3.0


def _all_at_once(requests: list[Callable[[], object]]) -> list[object]:
    """Send every request from its own thread, released together; their HTTP responses."""
    barrier, answers = threading.Barrier(len(requests)), [None] * len(requests)

    def send(i: int) -> None:
        barrier.wait()
        answers[i] = requests[i]()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_two_first_oops_and_the_home_tab_all_open(database_url, start_app, fake_slack):
    app = start_app(DATABASE_URL=database_url)
    requests: list[Callable[[], object]] = []
    for user_id in NEWCOMERS:
        requests += [
            lambda u=user_id: send_slash_command(app.url, SECRET, text="I broke it", user_id=u),
            lambda u=user_id: send_slash_command(app.url, SECRET, user_id=u),
            lambda u=user_id: send_event(app.url, SECRET, app_home_opened(u)),
        ]
    sent_at = time.time()
    assert [a.status for a in _all_at_once(requests)] == [200] * len(requests)
    opened = fake_slack.wait_for("views.open", n=2 * len(NEWCOMERS), timeout=10)
    homes = fake_slack.wait_for("views.publish", n=len(NEWCOMERS), timeout=10)
    assert all(c.at - sent_at < TRIGGER_LIFETIME_S for c in opened)
    assert sorted(c.args["user_id"] for c in homes) == NEWCOMERS
    assert "listener failed" not in app.log_text()
