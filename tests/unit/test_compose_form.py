"""Reading and validating the compose modal, including forged payloads."""

from bot.compose_form import ComposeForm, parse_compose, validate_compose, validate_message
from bot.ids import Action, Block


def _values(**over):
    values = {
        Block.WHAT: {Action.WHAT: {"type": "plain_text_input", "value": " I broke the build "}},
        Block.IMPACT: {Action.IMPACT: {"type": "plain_text_input", "value": None}},
        Block.AFFECTED: {
            Action.AFFECTED: {"type": "multi_users_select", "selected_users": ["U02ABC"]}
        },
        Block.SEVERITY: {Action.SEVERITY: {"selected_option": {"value": "serious"}}},
        Block.DELIVERY: {Action.DELIVERY: {"selected_option": {"value": "channel"}}},
        Block.CHANNEL: {Action.CHANNEL: {"selected_conversation": "C123"}},
    }
    values.update(over)
    return values


def test_parse_strips_and_reads_every_field():
    form = parse_compose(_values(), thread_ts="1.2")
    assert form == ComposeForm(
        what_happened="I broke the build",
        severity="serious",
        affected=["U02ABC"],
        channel_id="C123",
        thread_ts="1.2",
    )
    assert validate_compose(form) == {}


def test_blank_what_is_an_error_on_its_block():
    form = parse_compose(_values(**{Block.WHAT: {Action.WHAT: {"value": "   "}}}))
    assert list(validate_compose(form)) == [Block.WHAT]


def test_forged_oversized_fields_are_errors_not_crashes():
    huge = "x" * 20_000
    form = parse_compose(
        _values(
            **{
                Block.WHAT: {Action.WHAT: {"value": huge}},
                Block.REPAIR: {Action.REPAIR: {"value": huge}},
            }
        )
    )
    errors = validate_compose(form)
    assert set(errors) == {Block.WHAT, Block.REPAIR}


def test_forged_shapes_are_survived():
    form = parse_compose(
        {
            Block.WHAT: "nonsense",
            Block.AFFECTED: {Action.AFFECTED: {"selected_users": "U01ABC"}},
            Block.SEVERITY: {Action.SEVERITY: {"selected_option": "x"}},
        }
    )
    assert form.what_happened == "" and form.affected == []
    assert Block.WHAT in validate_compose(form)


def test_forged_ids_and_options_rejected():
    form = parse_compose(
        _values(
            **{
                Block.AFFECTED: {Action.AFFECTED: {"selected_users": ["<!channel>"]}},
                Block.SEVERITY: {Action.SEVERITY: {"selected_option": {"value": "apocalyptic"}}},
                Block.CHANNEL: {Action.CHANNEL: {"selected_conversation": "general"}},
            }
        )
    )
    assert set(validate_compose(form)) == {Block.AFFECTED, Block.SEVERITY, Block.CHANNEL}


def test_group_dm_needs_people_and_caps_them():
    dm = {Block.DELIVERY: {Action.DELIVERY: {"selected_option": {"value": "group_dm"}}}}
    none = parse_compose(
        _values(**dm, **{Block.AFFECTED: {Action.AFFECTED: {"selected_users": []}}})
    )
    assert list(validate_compose(none)) == [Block.AFFECTED]
    many = [f"U{i:03d}" for i in range(9)]
    lots = parse_compose(
        _values(**dm, **{Block.AFFECTED: {Action.AFFECTED: {"selected_users": many}}})
    )
    assert list(validate_compose(lots)) == [Block.AFFECTED]


def test_channel_delivery_needs_a_channel():
    form = parse_compose(
        _values(**{Block.CHANNEL: {Action.CHANNEL: {"selected_conversation": None}}})
    )
    assert list(validate_compose(form)) == [Block.CHANNEL]


def test_message_validation():
    assert list(validate_message("  ")) == [Block.MESSAGE]
    assert list(validate_message("y" * 3001)) == [Block.MESSAGE]
    assert validate_message("Sorry, I broke it; fixed now.") == {}


def test_round_trip_through_dict_ignores_unknown_keys():
    form = ComposeForm(what_happened="a", affected=["U01ABC"])
    assert ComposeForm.from_dict({**form.to_dict(), "message": "extra"}) == form


def test_why_is_read_and_capped_like_the_other_fields():
    form = parse_compose(_values(**{Block.WHY: {Action.WHY: {"value": " I skipped the check "}}}))
    assert form.why == "I skipped the check"
    assert validate_compose(form) == {}
    long = parse_compose(_values(**{Block.WHY: {Action.WHY: {"value": "y" * 1001}}}))
    assert set(validate_compose(long)) == {Block.WHY}


def test_old_saved_drafts_without_why_load():
    assert ComposeForm.from_dict({"what_happened": "x", "extra": 1}).why == ""
