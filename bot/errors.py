"""Exceptions that carry a message fit to show the user, in any of our languages."""

from __future__ import annotations

from bot.i18n import N_, translator

# What a person is told when something they asked for needs the database and it is not there.
DATABASE_DOWN = N_(":hourglass: I can't reach my database just now. Please try again in a moment.")


class UserFacingError(Exception):
    """Something the person can act on; the message is a catalogue msgid (mrkdwn-safe).

    `params` fill its placeholders; `for_locale` translates it for whoever reads it.
    """

    def __init__(
        self, msgid: str, *, params: dict[str, str] | None = None, log_message: str | None = None
    ) -> None:
        self.msgid = msgid
        self.params = dict(params or {})
        self.user_message = self.for_locale(None)
        super().__init__(log_message or self.user_message)

    def for_locale(self, locale: str | None) -> str:
        """The message in `locale` (English when None or unknown)."""
        return translator(locale)(self.msgid, **self.params)


class NotAllowed(UserFacingError):
    """Someone pressed a button or opened something that is not theirs."""

    def __init__(self) -> None:
        super().__init__(
            N_("That belongs to someone else's note, so there's nothing here for you.")
        )
