"""Languages end to end: a zh-CN Slack user sees Chinese, everyone else English."""

from __future__ import annotations

import re
import time

from helpers import AUTHOR, SECRET, open_compose, submit_compose
from support.slack_payloads import app_home_opened
from support.slack_requests import send_event, send_slash_command

CJK = re.compile(r"[\u4e00-\u9fff]")
FACTS = {"channel_input": "C777", "affected_input": ["U0AFF1"]}


def _blocks(view: dict) -> dict:
    return {b.get("block_id"): b for b in view["blocks"]}


def _home(fake_slack, app) -> dict:
    before = fake_slack.count("views.publish")
    assert send_event(app.url, SECRET, app_home_opened(AUTHOR)).status == 200
    return fake_slack.wait_for("views.publish", n=before + 1)[-1].args["view"]


def test_zh_cn_user_gets_a_chinese_modal_errors_preview_and_home(start_app, fake_slack):
    fake_slack.set_user(AUTHOR, locale="zh-CN")
    app = start_app()
    compose = open_compose(app, fake_slack, text="I broke the build")
    assert fake_slack.count("users.info") == 1  # asked once, after the ack
    assert compose["title"]["text"] == "承认失误"
    assert _blocks(compose)["what_happened"]["label"]["text"] == "发生了什么？"
    assert compose["submit"]["text"] == "起草消息" and compose["close"]["text"] == "取消"

    # Validation errors are answered in the ack, from the locale stored by the first call.
    blank = submit_compose(app, compose, {"what_happened_input": " ", **FACTS}).json()
    assert blank["response_action"] == "errors"
    assert CJK.search(blank["errors"]["what_happened"])

    preview = submit_compose(app, compose, FACTS).json()["view"]
    assert preview["title"]["text"] == "检查并发出"
    drafted = _blocks(preview)["message"]["element"]["initial_value"]
    assert not CJK.search(drafted)  # the coach drafts English only, and the preview says so
    texts = " ".join(str(b) for b in preview["blocks"])
    assert "草稿是英文的" in texts and "教练只能读懂英文" in texts

    home = _home(fake_slack, app)
    header = home["blocks"][0]["text"]["text"]
    assert header == "你的 oops 记录"


def test_help_uses_the_stored_locale_and_never_asks_slack_first(start_app, fake_slack):
    fake_slack.set_user(AUTHOR, locale="zh-CN")
    app = start_app()
    first = send_slash_command(app.url, SECRET, text="help").json()["text"]
    assert "/oops" in first and not CJK.search(first)  # nothing stored yet: English
    assert fake_slack.count("users.info") == 0
    open_compose(app, fake_slack)
    again = send_slash_command(app.url, SECRET, text="help").json()["text"]
    assert "帮你" in again


def test_en_us_user_still_gets_english(start_app, fake_slack):
    fake_slack.set_user(AUTHOR, locale="en-US")
    app = start_app()
    compose = open_compose(app, fake_slack)
    assert compose["title"]["text"] == "Own up"
    assert _blocks(compose)["what_happened"]["label"]["text"] == "What happened?"
    home = _home(fake_slack, app)
    assert home["blocks"][0]["text"]["text"] == "Your oops log"
    assert not any(CJK.search(str(b)) for b in home["blocks"])


def test_zh_cn_author_gets_chinese_check_ins(start_app, fake_slack):
    from helpers import post_preview

    fake_slack.set_user(AUTHOR, locale="zh-CN")
    app = start_app(OOPS_REFLECTION_DELAY="1s")
    compose = open_compose(app, fake_slack, text="I broke the build")
    preview = {**submit_compose(app, compose, FACTS).json()["view"], "id": compose["id"]}
    post_preview(app, preview)
    nudge = fake_slack.wait_for(
        "chat.postMessage", n=1, timeout=15, where=lambda c: c.args["channel"] == AUTHOR
    )[-1]
    assert "你学到了什么" in nudge.args["text"]
    labels = [
        e["text"]["text"]
        for b in nudge.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert labels and all(CJK.search(label) for label in labels)


def test_a_rate_limited_users_info_does_not_keep_the_modal_waiting(start_app, fake_slack):
    # The trigger_id dies 3 s after the click; sleeping out a Retry-After to learn the author's
    # language would lose the modal. It opens at once, in English, and we ask again next time.
    fake_slack.set_user(AUTHOR, locale="zh-CN")
    fake_slack.fail("users.info", status=429, retry_after=30, times=1)
    app = start_app()
    started = time.monotonic()
    assert send_slash_command(app.url, SECRET, text="I broke the build").status == 200
    view = fake_slack.wait_for("views.open", timeout=2.5)[-1].args["view"]
    assert time.monotonic() - started < 2.5
    assert view["title"]["text"] == "Own up"
    assert fake_slack.count("users.info") == 1  # tried once, no retry
    send_slash_command(app.url, SECRET, text="again")
    again = fake_slack.wait_for("views.open", n=2)[-1].args["view"]
    assert again["title"]["text"] == "承认失误"  # the failure was not remembered


def test_a_slow_users_info_gives_up_in_time_for_the_modal(start_app, fake_slack):
    fake_slack.delay("users.info", 5)
    app = start_app()
    started = time.monotonic()
    send_slash_command(app.url, SECRET, text="I broke the build")
    fake_slack.wait_for("views.open", timeout=2.5)
    assert time.monotonic() - started < 2.5


def test_facts_in_chinese_get_a_chinese_draft_and_an_honest_coach(start_app, fake_slack):
    fake_slack.set_user(AUTHOR, locale="zh-CN")
    app = start_app()
    compose = open_compose(app, fake_slack, text="删除了测试数据库")
    facts = {**FACTS, "repair_input": "已经从昨晚的备份恢复"}
    preview = submit_compose(app, compose, facts).json()["view"]
    drafted = _blocks(preview)["message"]["element"]["initial_value"]
    assert drafted.startswith("抱歉，我删除了测试数据库。") or drafted.startswith("不好意思，")
    assert "我已经从昨晚的备份恢复。" in drafted
    texts = " ".join(str(b) for b in preview["blocks"])
    assert "草稿是英文的" not in texts  # it isn't
    coach = _blocks(preview)["coach"]["text"]["text"]
    assert "教练只能读懂英文" in coach and ":white_check_mark:" not in coach
