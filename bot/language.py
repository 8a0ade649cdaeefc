"""The acting person's language for one request: what is stored at once, what Slack says later.

Before the ack only the stored locale may be read: users.info could cost Slack's 3 s. After it,
the first use of `fresh` asks bot/user_profiles.py (cached a week, users.info with a short
timeout, English when Slack cannot tell in time) and the answer serves the rest of the request.
"""

from __future__ import annotations

from functools import cached_property

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.clock import Clock
from bot.i18n import Translator, translator
from bot.user_profiles import cached_locale, user_locale
from storage.db import SessionFactory


class Language:
    """One person's translators for one request, each looked up at most once, when first used.

    `cached`: the stored locale's (no network; a miss or an unreachable database is English).
    `fresh`: Slack's current locale's, once the request is acked (before that, `cached`).
    `of(user_id)`: another person's in the same workspace, for text they will read.
    """

    def __init__(
        self,
        *,
        team_id: str,
        user_id: str,
        ack: Ack,
        client: WebClient,
        session_factory: SessionFactory,
        clock: Clock,
    ) -> None:
        self.team_id, self.user_id = team_id, user_id
        self._ack, self._client = ack, client
        self._session_factory, self._clock = session_factory, clock
        self._fresh: Translator | None = None

    @cached_property
    def cached(self) -> Translator:
        """The translator for the locale stored for this person, however old."""
        who = {"team_id": self.team_id, "user_id": self.user_id}
        return translator(cached_locale(self._session_factory, **who))

    @property
    def fresh(self) -> Translator:
        """The translator for the person's Slack locale now; `cached` until the ack is sent."""
        if self._fresh is None:
            if self._ack.response is None:  # not memoised: after the ack, Slack is asked
                return self.cached
            self._fresh = self._look_up(self.user_id)
        return self._fresh

    def of(self, user_id: str) -> Translator:
        """The translator for another person of this workspace, for text they will read; after
        the ack only (users.info may be asked)."""
        return self.fresh if user_id == self.user_id else self._look_up(user_id)

    def _look_up(self, user_id: str) -> Translator:
        who = {"team_id": self.team_id, "user_id": user_id}
        return translator(user_locale(self._client, self._session_factory, self._clock, **who))
