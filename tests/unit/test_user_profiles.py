"""users.info facts: cached in the database for a week and in the process for minutes."""

from datetime import UTC, datetime

from support.clock import FrozenClock

from bot.user_profiles import cached_locale, user_facts
from storage.db import build_engine, build_session_factory, create_schema


class Users:
    """A stand-in for WebClient.users_info that counts calls."""

    def __init__(self, locale: str) -> None:
        self.calls, self.locale = 0, locale

    def users_info(self, **_kwargs):
        self.calls += 1
        return {"user": {"tz": "Europe/Berlin", "locale": self.locale}}


def _factory(tmp_path, name):
    engine = build_engine(f"sqlite:///{tmp_path / name}")
    create_schema(engine)
    return build_session_factory(engine)


def test_asks_slack_once_then_uses_the_caches(tmp_path):
    sf, client = _factory(tmp_path, "a.db"), Users("zh-CN")
    clock = FrozenClock(datetime(2026, 3, 2, tzinfo=UTC))
    assert cached_locale(sf, team_id="T", user_id="U1") is None
    for _ in range(3):
        assert user_facts(client, sf, clock, team_id="T", user_id="U1").locale == "zh-CN"
    assert client.calls == 1
    assert cached_locale(sf, team_id="T", user_id="U1") == "zh-CN"
    clock.advance(days=8)  # past the database's week: ask again
    user_facts(client, sf, clock, team_id="T", user_id="U1")
    assert client.calls == 2


def test_separate_apps_do_not_share_the_process_cache(tmp_path):
    clock = FrozenClock(datetime(2026, 3, 2, tzinfo=UTC))
    first, second = Users("zh-CN"), Users("en-US")
    user_facts(first, _factory(tmp_path, "a.db"), clock, team_id="T", user_id="U1")
    got = user_facts(second, _factory(tmp_path, "b.db"), clock, team_id="T", user_id="U1")
    assert got.locale == "en-US" and second.calls == 1


def test_a_database_that_cannot_be_opened_is_a_cache_miss(tmp_path, caplog):
    # The file's directory does not exist: every connection fails with OperationalError.
    engine = build_engine(f"sqlite:///{tmp_path / 'gone' / 'oops.db'}")
    sf, client = build_session_factory(engine), Users("zh-CN")
    clock = FrozenClock(datetime(2026, 3, 2, tzinfo=UTC))
    assert cached_locale(sf, team_id="T", user_id="U1") is None
    assert user_facts(client, sf, clock, team_id="T", user_id="U1").locale == "zh-CN"
    assert user_facts(client, sf, clock, team_id="T", user_id="U1").locale == "zh-CN"
    assert client.calls == 1  # remembered in the process meanwhile
    misses = [r.getMessage() for r in caplog.records if "treated as a miss" in r.getMessage()]
    assert misses == ["profile cache read failed, treated as a miss: OperationalError"] * 2
