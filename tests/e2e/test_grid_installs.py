"""Every kind of OAuth install over signed HTTP: an Enterprise Grid workspace install, an
org-wide install (no team id; payloads carry the enterprise and the user's workspace) and a
Slack Connect author (their team differs from the installing workspace's). Each posts, gets its
three check-ins from its own installation's bot as the injected clock moves, answers one with
the button, sees its App Home, and an uninstall cancels what is still to come."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from grid_app import SECRET, Install, start_in_process, wait_until
from sqlalchemy import select
from support.clock import FrozenClock
from support.people_rows import belongs_to, every_row
from support.slack_payloads import app_home_opened, block_actions, view_submission
from support.slack_requests import send_interaction, send_slash_command

from bot.uninstall import purge_removed_workspaces
from storage.install_key import InstallKey
from storage.models import Answer, Nudge, Oops, OrgTeam, UserSettings
from storage.user_settings import Prefs, save_prefs

AUTHOR = "U0AUTHOR"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DELAYS = {"OOPS_REFLECTION_DELAY": "1h", "OOPS_PREVENTION_DELAY": "2h", "OOPS_FOLLOWUP_DELAY": "3h"}
# Tokens as the fake's oauth.v2.access names them, so installing over OAuth gives the same.
INSTALLS = {
    "grid-workspace": Install("xoxb-T0GRID", "E0GRID", "T0GRID", "T0GRID", "T0GRID"),
    "org-wide": Install("xoxb-E0ORG", "E0ORG", None, "T0ORGWS", "T0ORGWS", org_wide=True),
    "connect-author": Install("xoxb-T0HOST", None, "T0HOST", "T0HOST", "T0GUEST"),
}


@pytest.fixture
def app(tmp_path, fake_slack):
    running = start_in_process(tmp_path, fake_slack, FrozenClock(T0), **DELAYS)
    yield running
    running.close()


def _dms(fake):
    return [
        c
        for c in fake.calls("chat.postMessage", delivered_only=True)
        if c.args["channel"] == AUTHOR
    ]


def _post_oops(app, fake, install: Install) -> None:
    """/oops, the facts, the preview, post: as Slack sends them for this installation."""
    opened = fake.count("views.open")
    response = send_slash_command(
        app.url,
        SECRET,
        user_id=AUTHOR,
        text="I broke the build",
        response_url=fake.response_url(),
        **install.command(),
    )
    assert response.status == 200, response.text
    compose = fake.wait_for("views.open", n=opened + 1)[-1]
    assert compose.token == install.token
    facts = install.interactive(
        view_submission(compose.response["view"], fields={"channel_input": "C777"}, user_id=AUTHOR)
    )
    body = send_interaction(app.url, SECRET, facts).json()
    assert body["response_action"] == "update", body
    preview = {**body["view"], "id": compose.response["view"]["id"], "hash": "h1"}
    updates = fake.count("views.update")
    send_interaction(app.url, SECRET, install.interactive(view_submission(preview, user_id=AUTHOR)))
    fake.wait_for("views.update", n=updates + 1)
    post = [c for c in fake.calls("chat.postMessage") if c.args["channel"] == "C777"][-1]
    assert post.token == install.token and post.delivered


@pytest.mark.parametrize("kind", INSTALLS)
def test_install_kind_posts_gets_checkins_answers_and_uninstall_cancels(app, fake_slack, kind):
    install = INSTALLS[kind]
    install.save(app.store)
    _post_oops(app, fake_slack, install)

    with app.session_factory() as s:
        oops = s.scalars(select(Oops)).one()
        # Who they are: their own team; which token: the installation that served them.
        assert (oops.team_id, oops.author_id) == (install.user_team, AUTHOR)
        assert (oops.install_enterprise_id, oops.install_team_id, oops.is_enterprise_install) == (
            install.enterprise_id,
            install.team_id,
            install.org_wide,
        )

    assert app.sweep().sent == 0  # nothing due yet
    for hours, expected in ((1, 1), (1, 2), (1, 3)):
        app.clock.advance(hours=hours)
        assert app.sweep().sent == 1
        assert len(_dms(fake_slack)) == expected
    assert {c.token for c in _dms(fake_slack)} == {install.token}

    # The answer button on the first check-in works for the author.
    first = _dms(fake_slack)[0]
    message = {"ts": first.response["ts"], "blocks": first.args["blocks"]}
    press = block_actions(
        "nudge_answer", message=message, channel_id=first.response["channel"], user_id=AUTHOR
    )
    opened = fake_slack.count("views.open")
    send_interaction(app.url, SECRET, install.interactive(press))
    modal = fake_slack.wait_for("views.open", n=opened + 1)[-1]
    assert modal.token == install.token
    answer = view_submission(
        modal.response["view"], fields={"answer_input": "Run the tests first."}, user_id=AUTHOR
    )
    assert send_interaction(app.url, SECRET, install.interactive(answer)).status == 200
    with app.session_factory() as s:
        (stored,) = s.scalars(select(Answer)).all()
        assert (stored.team_id, stored.author_id) == (install.user_team, AUTHOR)

    # App Home, from the installation's bot.
    home = install.event(app_home_opened(AUTHOR))
    published = fake_slack.count("views.publish")
    assert app.send_event(home).status == 200
    view = fake_slack.wait_for("views.publish", n=published + 1)[-1]
    assert view.token == install.token

    # A second oops, then the app is removed: its check-ins are held, the tokens gone.
    _post_oops(app, fake_slack, install)
    _uninstall(app, install)
    assert _statuses(app) == ["answered"] + ["sent"] * 2 + ["uninstalled"] * 3
    app.clock.advance(hours=4)
    assert app.sweep().claimed == 0 and len(_dms(fake_slack)) == 3


@pytest.mark.parametrize("kind", INSTALLS)
def test_the_author_sees_their_oops_on_app_home(app, fake_slack, kind):
    """The event names the installation's team: for a Slack Connect author, not their own."""
    install = INSTALLS[kind]
    install.save(app.store)
    _post_oops(app, fake_slack, install)
    published = fake_slack.count("views.publish")
    assert app.send_event(install.event(app_home_opened(AUTHOR))).status == 200
    home = fake_slack.wait_for("views.publish", n=published + 1)[-1]
    assert home.token == install.token and home.args["user_id"] == AUTHOR
    assert "I broke the build" in json.dumps(home.args["view"])


def test_a_connect_authors_app_home_shows_their_own_settings(app, fake_slack):
    """The App Home event names the host's team; the author's settings are kept under their
    own (set from a modal, which names it), and their Home shows those, not the defaults."""
    install = INSTALLS["connect-author"]
    install.save(app.store)
    _post_oops(app, fake_slack, install)
    with app.session_factory.begin() as s:
        save_prefs(
            s,
            team_id=install.user_team,
            user_id=AUTHOR,
            prefs=Prefs(working_hours="07:00-15:00"),
            now=T0,
        )
    published = fake_slack.count("views.publish")
    assert app.send_event(install.event(app_home_opened(AUTHOR))).status == 200
    home = json.dumps(fake_slack.wait_for("views.publish", n=published + 1)[-1].args["view"])
    assert "07:00-15:00" in home and "I broke the build" in home


# An org-wide install seen from two of its workspaces.
ORG_WORKSPACES = tuple(
    Install("xoxb-E0ORG", "E0ORG", None, team, team, org_wide=True)
    for team in ("T0ORGW1", "T0ORGW2")
)


def test_after_the_grace_an_org_wide_uninstall_leaves_nothing_of_the_org(app, fake_slack):
    other_org = INSTALLS["grid-workspace"]
    app.install(ORG_WORKSPACES[0])
    app.install(other_org)
    for install in (*ORG_WORKSPACES, other_org):
        _post_oops(app, fake_slack, install)
    with app.session_factory() as s:
        before = every_row(s)
    _uninstall(app, ORG_WORKSPACES[0])
    app.clock.advance(days=30, seconds=1)
    grace = timedelta(days=30)
    assert purge_removed_workspaces(app.session_factory, app.store, app.clock, grace) == 2
    with app.session_factory() as s:
        after = every_row(s)
    other = InstallKey(other_org.enterprise_id, other_org.team_id)
    for name, rows in before.items():
        kept = [r for r in rows if belongs_to(other, name, r, before)]
        assert sorted(after[name], key=str) == sorted(kept, key=str), name
    assert {n for n, rows in before.items() if rows and len(rows) > len(after[n])} >= {
        "oopses",
        "nudges",
        "user_profiles",
    }


def test_an_org_wide_uninstall_takes_the_people_of_a_workspace_that_never_posted(app, fake_slack):
    """No oops names the quiet workspace, but the org-wide install served it a request."""
    quiet = Install("xoxb-E0ORG", "E0ORG", None, "T0ORGW3", "T0ORGW3", org_wide=True)
    other_org = INSTALLS["grid-workspace"]
    app.install(ORG_WORKSPACES[0])
    app.install(other_org)
    _post_oops(app, fake_slack, ORG_WORKSPACES[0])
    published = fake_slack.count("views.publish")
    assert app.send_event(quiet.event(app_home_opened("U0QUIET"))).status == 200
    fake_slack.wait_for("views.publish", n=published + 1)
    settings = Prefs(working_hours="07:00-15:00")
    kept = (other_org.user_team, "U0OTHER")

    def noted() -> bool:  # written beside the request, not before its ack
        with app.session_factory() as s:
            return s.get(OrgTeam, ("E0ORG", "T0ORGW3")) is not None

    wait_until(noted, timeout=10)
    with app.session_factory.begin() as s:
        for team, user in (("T0ORGW3", "U0QUIET"), kept):
            save_prefs(s, team_id=team, user_id=user, prefs=settings, now=T0)
        assert s.get(OrgTeam, ("E0ORG", "T0ORGW3")) is not None
    _uninstall(app, ORG_WORKSPACES[0])
    app.clock.advance(days=30, seconds=1)
    purge_removed_workspaces(app.session_factory, app.store, app.clock, timedelta(days=30))
    with app.session_factory() as s:
        assert s.get(UserSettings, ("T0ORGW3", "U0QUIET")) is None
        assert s.get(UserSettings, kept) is not None  # another org's people stay
        assert s.scalars(select(OrgTeam)).all() == []


def _uninstall(app, install: Install) -> None:
    """Send app_uninstalled for `install` and wait until its tokens are gone."""
    assert app.send_event(install.event({"type": "app_uninstalled"})).status == 200

    def removed() -> bool:  # the listener runs after the ack
        return (
            app.store.find_bot(
                enterprise_id=install.enterprise_id,
                team_id=install.team_id,
                is_enterprise_install=install.org_wide,
            )
            is None
        )

    wait_until(removed, timeout=10)


def _statuses(app) -> list[str]:
    with app.session_factory() as s:
        return sorted(n.status for n in s.scalars(select(Nudge)))


@pytest.mark.parametrize("kind", INSTALLS)
def test_a_reinstall_within_the_grace_sends_the_checkins_the_uninstall_held(app, fake_slack, kind):
    install = INSTALLS[kind]
    app.install(install)
    _post_oops(app, fake_slack, install)
    app.clock.advance(hours=1)
    assert app.sweep().sent == 1  # the reflection
    _uninstall(app, install)
    assert _statuses(app) == ["sent", "uninstalled", "uninstalled"]

    # The prevention check-in falls due while the app is gone: nothing goes.
    app.clock.advance(hours=1, minutes=30)
    assert app.sweep().claimed == 0
    app.install(install)
    assert _statuses(app) == ["pending", "pending", "sent"]
    assert app.sweep().sent == 1  # overdue: at once
    app.install(install)  # installing once more changes nothing more
    assert _statuses(app) == ["pending", "sent", "sent"]
    app.clock.advance(hours=1)
    assert app.sweep().sent == 1  # the follow-up, on time
    assert [c.token for c in _dms(fake_slack)] == [install.token] * 3
    assert _statuses(app) == ["sent"] * 3
