"""fragments: what people type into the modal, as first-person sentences."""

import pytest

from bot.coach.fragments import as_impact, clause, clauses, is_done

WHAT = [
    ("deleted the staging db", "I deleted the staging db."),
    (
        "Deleted staging DB by running cleanup in wrong terminal",
        "I deleted staging DB by running cleanup in wrong terminal.",
    ),
    ("i sent the wrong invoice to acme", "I sent the wrong invoice to acme."),
    ("I pushed to main.", "I pushed to main."),
    ("im late with the report", "I'm late with the report."),
    ("accidentally overwrote the Q3 sheet", "I accidentally overwrote the Q3 sheet."),
    ("forgot to run the migration!", "I forgot to run the migration!"),
    ("didnt check the To line", "I didnt check the To line."),
    ("  sent   the\ninvite twice ;  ", "I sent the invite twice."),
    ("the deploy script ran against prod", "The deploy script ran against prod."),
    ("npm publish went out with the debug flag", "npm publish went out with the debug flag."),
    ("- merged before review", "I merged before review."),
    ("delted the wrong branch", "I delted the wrong branch."),  # a typo still reads as a past
]


@pytest.mark.parametrize(("typed", "sentence"), WHAT)
def test_what_happened_becomes_a_first_person_sentence(typed, sentence):
    assert clause(typed).text == sentence


REPAIRS = [
    ("reverted", "I reverted it."),
    ("already fixed", "I already fixed it."),
    ("rolled back", "I rolled it back."),
    (
        "Rolled back at 10:40; re-running the failed invoices now",
        "I rolled back at 10:40. I'm re-running the failed invoices now.",
    ),
    ("will resend the invites tomorrow", "I'll resend the invites tomorrow."),
    ("resend the invites tomorrow", "I'll resend the invites tomorrow."),
    ("checkout works again", "Checkout works again."),
    ("I've refunded both customers", "I've refunded both customers."),
]


@pytest.mark.parametrize(("typed", "sentences"), REPAIRS)
def test_repairs_keep_their_tense(typed, sentences):
    assert " ".join(c.text for c in clauses(typed, plan=True)) == sentences


def test_a_prevention_step_in_the_plain_form_is_a_plan():
    assert (
        clause("set up an expiry alert", plan=True, ahead=True).text
        == "I'll set up an expiry alert."
    )
    assert clause("set the flag back", plan=True).text == "I set the flag back."


@pytest.mark.parametrize(
    ("repair", "done"),
    [
        ("already reverted", True),
        ("the site is back up", True),
        ("will revert it", False),
        ("re-running the job", False),
    ],
)
def test_is_done(repair, done):
    assert is_done(repair) is done


IMPACTS = [
    ("checkout was down for 25 minutes", "It meant checkout was down for 25 minutes."),
    ("2 hours of downtime", "It meant 2 hours of downtime."),
    ("broke checkout for an hour", "It broke checkout for an hour."),
    ("it blocked every deploy", "It blocked every deploy."),
    ("QA lost a morning of test data.", "It meant QA lost a morning of test data."),
    ("blocking deploys all afternoon", "It was blocking deploys all afternoon."),
    ("", ""),
]


@pytest.mark.parametrize(("typed", "sentence"), IMPACTS)
def test_impact_becomes_a_sentence(typed, sentence):
    assert as_impact(typed) == sentence


def test_empty_text_is_no_clause():
    assert clause("  . ") is None and clauses("") == []
