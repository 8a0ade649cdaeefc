"""Exceptions that carry a message fit to show the user."""


class UserFacingError(Exception):
    """Something the person can act on; `user_message` is shown as is (mrkdwn-safe)."""

    def __init__(self, user_message: str, *, log_message: str | None = None) -> None:
        super().__init__(log_message or user_message)
        self.user_message = user_message


class NotAllowed(UserFacingError):
    """Someone pressed a button or opened something that is not theirs."""

    def __init__(self) -> None:
        super().__init__("That belongs to someone else's note, so there's nothing here for you.")
