"""The fake Slack in a process of its own, answering the benchmark over a pipe.

Slack does its work on its own machines. Run inside the benchmark's process, the fake's JSON
parsing and answering would take the load generator's GIL, so a bigger view would look slower
at the client for reasons that have nothing to do with the app being measured.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection

from support.fake_slack import FakeSlack


def _opened(fake: FakeSlack, trigger_ids: set[str]) -> dict[str, float]:
    """When the fake answered views.open for each of `trigger_ids` it has seen."""
    calls = fake.calls("views.open", where=lambda c: c.args.get("trigger_id") in trigger_ids)
    return {c.args["trigger_id"]: c.at for c in calls if c.delivered}


def _serve(conn: Connection) -> None:
    """Run a FakeSlack and answer the parent's requests until told to stop."""
    with FakeSlack() as fake:
        conn.send(fake.base_url)
        while True:
            command, argument = conn.recv()
            if command == "opened":
                conn.send(_opened(fake, set(argument)))
            elif command == "reset":
                # Forget calls and opened views: thousands of them would make this process's
                # garbage collector pause, and bigger views more often.
                fake.clear()
                fake.state.views.clear()
                conn.send(None)
            else:
                conn.send(None)
                return


class FakeSlackProcess:
    """Start with `with`; `base_url` is where apps send Web API calls."""

    def __init__(self) -> None:
        # fork: the child needs nothing but this module, and the parent has no threads yet.
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True)
        self.base_url = ""

    def __enter__(self) -> FakeSlackProcess:
        self._process.start()
        self.base_url = self._conn.recv()
        return self

    def __exit__(self, *exc: object) -> None:
        self._conn.send(("stop", None))
        self._conn.recv()
        self._process.join(timeout=10)

    def opened(self, trigger_ids: list[str]) -> dict[str, float]:
        """When (wall clock) the fake answered views.open, by trigger_id, for those it has."""
        self._conn.send(("opened", trigger_ids))
        return self._conn.recv()

    def reset(self) -> None:
        """Forget the calls and views seen so far."""
        self._conn.send(("reset", None))
        self._conn.recv()
