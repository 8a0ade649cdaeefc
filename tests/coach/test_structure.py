"""The sentence-structure checks against pass and fail tables, one pair per check.

Written for these tests in Slack style (lowercase, typos, emoji, mentions, British and American
spelling, non-native English). `*_FLAG` texts must raise the kind; `*_PASS` texts must not.
For the whole-message kinds, FLAG means the message lacks the thing and PASS means it has it.
"""

import pytest

from bot.coach import review

PASSIVE_FLAG = (
    # Harm that moved by itself, in a message that never says who did it.
    "the board pack went out with march actuals in the april tab",
    "heads up, the staging keys leaked into the demo video",
    "the flag got flipped in prod around 2am",
    "The wrong tier was promoted to the enterprise customers.",
    "the staging db was dropped last night 😬",
    "Heads up: the customer export was emailed to the wrong distro.",
    "the cache was cleared in the middle of the sale",
    "All the invoices were generated with last year's VAT rate.",
    "the api key was pasted into a public channel",
    "the access logs got wiped during the cleanup",
    "the new pricing page was shipped without the legal copy",
    "Our onboarding emails were sent out twice to every new signup.",
    "the release branch had been force-pushed before anyone noticed",
    "the cron job wasn't paused before the migration",
    "the prod config has been overwritten with the staging one",
    "the customer's card was charged three times",
    "the old template ended up being used for the whole batch",
    "the shared calendar was spammed with test invites, sorry all",
    "the ticket was closed without a reply to the customer",
    "the wrong build's been tagged as v2.3",
    "the survey was sent to our whole mailing list instead of the beta group",
    "the spreadsheet was sorted by the wrong column so the totals are off",
    "unfortunately the backup script was disabled for a week",
    "the holiday rota got overwritten and nobody was on call",
    "the colour palette was changed on the live site",
    "the test banner was left on the homepage all weekend",
    "the beta toggle was switched on for every account",
    "hi <@U123ABC>, the meeting notes were shared with the client by mistake",
    "the deploy was rushed and the migration was skipped",
    "the contract was signed before legal had a look",
    "the payroll file was uploaded with an extra zero",
    "the alert thresholds were bumped to 99% last week so nothing fired",
    "the dns record got deleted and the site went dark",
    "the old wording was kept in the renewal contract",
    "the customer's name was spelt wrong on every certificate",
)

PASSIVE_PASS = (
    # The same where the writer owns it, and people going places.
    "I built the board pack and it went out with march actuals in the april tab, my mistake.",
    "the driver went to the wrong hotel because I gave him the old address",
    "I was tired and misread the ticket.",
    "i was really interested in the new dashboard so i clicked around in prod",
    "the report is supposed to go out on mondays",
    "we were all excited about the launch",
    "i got used to the old layout and clicked the wrong button",
    "the vendor is based in Lisbon so they were offline",
    "the customers were confused by the two emails",
    "the store is closed now for the holiday",
    "the table was deleted by me while testing the migration",
    "the invite was sent by <@U0456DEF> from the shared account",
    "the config was changed by the vendor without telling us",
    "I was asked to run the cleanup before the release.",
    "i got pulled into the incident call and forgot the handover",
    "nothing was lost, the backups were fine",
    "no data was exposed outside the company",
    "no customers were affected by the outage",
    "none of the files were deleted, just moved",
    "it has been rolled back and everything looks normal",
    "refunds will be issued to everyone by friday",
    "the file was restored from last night's snapshot",
    "a fix is being rolled out right now",
    "the config was changed back to the old value at 14:05",
    "customers were notified this morning about the delay",
    "the bug was caught in staging so nobody saw it",
    "the invoices were corrected and re-sent this afternoon",
    "i was worried the numbers were off so i double checked",
    "the release was delayed by two days",
    "sorry to everyone who got paged at 3am",
    "the old key has been rotated and the new one is in the vault",
    "i deleted the wrong branch and the PR was closed automatically",
    "the doc is attached and the link is updated",
    "we were surprised to see the error rate jump",
    "the meeting is scheduled for 3pm tomorrow",
    "i was told the endpoint was unused",
    "thankfully the payment data was unaffected",
)

CONDITIONAL_FLAG = (
    "sorry if anyone was confused by the double email",
    "if anyone was affected, sorry",
    "apologies for any inconvenience caused",
    "Apologies for any inconvenience this may have caused.",
    "i apologise if the numbers threw anyone off",
    "my bad if that came across wrong",
    "sorry to those who had to redo their reports",
    "Sorry to anyone who got the wrong link 🙏",
    "should anyone have been affected, please accept my apologies",
    "I apologize if you feel the tone of my message was off.",
    "sorry if at all this caused trouble",
    "i regret if my comment upset anyone",
    "whether or not anyone noticed, i'm sorry",
    "if my message caused any confusion, my apologies",
    "sorry whether you were affected or not",
    "we apologise for any disruption to your service",
    "if this broke anything for you, apologies!",
    "sorry you feel the launch went badly",
)

CONDITIONAL_PASS = (
    "I'm sorry I sent the wrong figures.",
    "if you see a duplicate, delete it",
    "if you got the email twice, ignore it",
    "sorry about the dupes, if you got the email twice just ignore the second one",
    "If you were affected, reply here and I'll help.",
    "I'm sorry for the confusion.",
    "sorry for the inconvenience, the form is working again",
    "sorry all, i sent the wrong deck, correct one attached",
    "if the dashboard still looks wrong, refresh it",
    "i'm sorry I missed our 1:1, can we do thursday?",
    "apologies to the support team for the extra tickets",
    "I apologise to everyone on the 9am call for the late start.",
    "if you need the old file, it's in the archive folder",
    "sorry <@U123ABC>, i overwrote your edits in the deck",
    "whether we ship friday depends on QA",
    "if i don't hear back i'll resend it tomorrow",
    "sorry for the noise, wrong channel",
)

COUNTERFACTUAL_FLAG = (
    "i would have caught it if i hadn't been pulled into the incident",
    "had I not been pulled in to the audit I'd have spotted it",
    "if I'd had more time I would have tested it properly",
    "this could have been avoided if they had told us the schema changed",
    "it wouldn't have happened if the docs were up to date",
    "if i had known the flag was live i never would have touched it",
    "had i been told about the freeze i'd have waited",
    "if i hadn't been on call all night i'd have noticed",
    "I'd have double-checked it if I'd been given a heads-up",
    "If I had had enough time, none of this would have happened.",
    "could've been avoided if the runbook was clearer tbh",
    "would of caught it if i wasnt covering for two people",
    "if i hadnt been so swamped this week i would of seen it",
    "had I known it was prod, I would not have run it",
    "if i had been trained on the new tool this wouldn't have happened",
)

COUNTERFACTUAL_PASS = (
    "it wouldn't have happened if I had checked the terminal",
    "if i'd double-checked the list this wouldn't have happened",
    "I should have tested it before merging.",
    "if you see the old banner, refresh the page",
    "if I had read the ticket properly I'd have caught it",
    "I would have liked to fix it sooner, sorry",
    "had i checked the recipient list, none of this would have happened",
    "i'd have caught it if i'd run the tests, my bad",
    "If I had been more careful this wouldn't have happened.",
    "i would be happy to walk anyone through what happened",
    "if i have time tomorrow i'll write up the postmortem",
    "I could have asked for a review and I didn't.",
    "I'll fix it if it happens again.",
    "if it had gone out to customers it would have been much worse, so i'm glad QA caught it",
    "if the script fails again i'll roll it back straight away",
)

# Whole messages: FLAG lacks a repair; PASS has one, in any form.
REPAIR_FLAG = (
    # Harm told with a repair-like verb is still the harm.
    "I replied-all to the supplier thread with our margin notes. sorry everyone.",
    "i restarted all three brokers at once instead of one by one, my mistake",
    "I typed the wrong totals into the monthly report, I am very sorry, it will not repeat again.",
    # One line owning a slip is a message; owning it, or a vague promise, is not a repair.
    "I renamed the shared budget tab by mistake, that's on me.",
    "my bad, i booked the van for the wrong saturday",
    "I mislabelled the sample tubes this morning. I'll be more careful next time.",
    "Apologies, I forwarded the draft contract to the wrong client. Going forward I'll do better.",
    "I deleted the shared onboarding folder this morning while tidying up. Really sorry about "
    "that.",
    "hey all, i pushed a bad config and login was broken for 15 min. my bad, i should have "
    "tested it first.",
    "I sent the quarterly numbers with last year's figures. I'm sorry for the confusion.",
    "i overwrote the team budget sheet by accident. so sorry <@U123ABC>, that was careless.",
    "I forgot to renew the domain and the docs were down most of the morning. That's on me.",
    "i messed up the payroll export, two people got the wrong amount. i feel awful.",
    "Sorry everyone. I booked the offsite venue for the wrong weekend and it is non-refundable.",
    "hi team, i approved the refund twice by mistake, so the customer got paid double. "
    "apologies to finance.",
    "I double-booked the big room on Thursday. I know the design review needed it, sorry.",
    "i ran the migration on prod instead of staging and orders were slow for an hour. "
    "i didn't check which terminal i was in.",
    "Sorry all 🙈 I posted the draft salary bands in #general. That should never have happened.",
    "i did mistake with the invoice dates, all of them show march instead of april. "
    "very sorry for this.",
    "I gave the customer the wrong delivery date on Monday. That was careless of me and I "
    "apologise.",
    "i merged my branch before the review finished and it broke the checkout totals. "
    "i was rushing, sorry.",
    "I changed the alert threshold without telling anyone, which is why nobody got paged. "
    "I'm really sorry.",
    "i published the blog post a day early. the embargo was for tomorrow. sorry, my fault.",
    "I forgot the fridge log on Sunday, sorry. Now I feel terrible about it.",
)

REPAIR_PASS = (
    "i archived the #ops channel by accident, unarchived, nothing lost",
    "my PR broke the login copy, hotfix merging now",
    "forgot to leave the van keys for the early shift, sorry. they're now in the key safe",
    "that wrong quote I gave the Hahns was mine - honoured it and noted their account",
    # A decimal point ends no sentence: the correction is still read in place.
    "I put the wrong rate in the deck, sorry, it's 2.1m not 2.4m.",
    "I printed the seating cards with last year's logo. Reprint arranged for Friday.",
    "i let the wildcard cert lapse and the docs site went down for an hour. renewed.",
    "The staff survey link went to the board too. I've had it taken down.",
    "I put the wrong hold music live on the support line, new version deploying now.",
    "I locked the finance team out of the shared drive. asking IT for a fix to the group rule.",
    "Sorry, wrong thread!",
    "please ignore that last message, posted it in the wrong channel",
    "I mislabelled the sample tubes, I'll relabel them before the courier comes.",
    "I renamed the shared budget tab by mistake, I'll add a lock to the sheet.",
    "i sent the wrong invoice batch this morning. rolling out a fix now, should be done by noon.",
    "I broke the nightly import. rerunning it now and will confirm here when it's green.",
    "i deleted the shared drive folder by accident. working on restoring it from the backup.",
    "I charged some customers twice this morning. Refunds will be issued by end of day.",
    "i pushed a typo to the homepage, sorry! it will be fixed by 3pm.",
    "I merged the wrong branch this morning. Reverted it already, everything is back to normal.",
    "I wiped the staging data by mistake. I've restored the backup and checked the counts.",
    "i broke the search page with a bad query earlier, sorry all. it's fixed.",
    "I sent the invite with the wrong time. I'll resend it with the right one in a minute.",
    "i skipped the lint step and the build broke. going to add a check so this can't slip "
    "through again.",
    "I forgot to cc legal on the contract. Next time I will add them before sending anything out.",
    "i uploaded the wrong design files to Acme's portal. the right ones are up now and i told "
    "them.",
    "sorry all, I sent the wrong deck to the client this morning. correct one attached, and I "
    "let them know what happened.",
    "I left the test banner on the homepage. Taking it down now, sorry for the confusion.",
    "i posted the customer list in the wrong channel. deleted it within a minute and security "
    "has been told.",
    "I misconfigured the backup job last week. A fix is being rolled out and I'm watching the "
    "next run.",
    "i mixed up the two clients' folders. the files have been moved to the right place and "
    "nothing was shared outside.",
    "I typed the wrong order number so a parcel went to the wrong customer. A pickup is "
    "arranged and the right parcel goes out today by express.",
    # Short status words, corrections given in place, and a step against a repeat.
    "that was me who hid the roadmap channel, misclick. unarchived 🙏",
    "i booked the wrong courier for the Lagos boxes, sorted it with their dispatch desk",
    "I said the audit closes on the 30th; it is actually the 23rd. Please plan for the 23rd.",
    "I ran the digest job twice so people got two emails. adding a lock so it can't run twice.",
    "I forgot to renew the shop's certificate. I renewed it and turned on auto-renew.",
    "I mailed the old price list to two clients. If either calls, just tell them the new one "
    "stands.",
    "my bad, i coded the hotel invoice to the wrong cost centre - reversed and reposted.",
    "sorry, that was me who took the last oat milk without saying. bought two more on the way in",
    "I left the storeroom unlocked at close, sorry. Locking it every time I leave from today.",
    "i wiped the holiday sign-up sheet on the tablet by accident. got it back from the backup.",
    "I quoted you the yearly fee as monthly. I can hold the lower figure for you until June.",
    "forgot to badge out at the gate so the roll call had me on site, my fault. badged out now",
    "my error, booked the Rotterdam ferry for the wrong trailer. changed with the line, no fee.",
    "wrong deadline in my morning post, sorry: it's 15:00 not 17:00 for the Hamburg boxes.",
    "I double-booked bay 3 for Monday. I now block the bay in the sheet as soon as I accept a "
    "truck.",
    "I approved the trench fill without the density test. The contractor will remove and "
    "re-lay it tomorrow.",
    "that was me who left the stream mic on over the break, sorry. trimmed it out of the VOD",
    "I logged the press stop as a material shortage; it was my changeover. Recoded as CHG, so "
    "purchasing won't chase it.",
    "muted the wrong caster in voice, my bad. unmuted + apologised",
    "I read the leaderboard upside down and named the wrong team. The actual winners are the "
    "Otters, sorry to both teams.",
    "I put a customer's email in my draft reply by mistake. Nothing went out; deleted the draft "
    "and will use the template from now on.",
    # A new habit in the present simple, as many non-native writers put it.
    "I labelled the two blood samples the wrong way round, my mistake. From now I print each "
    "label at the bedside.",
    "I gave table 6 the bill for table 9, it was me. Next time I check the table number before "
    "printing.",
    "sorry, I forgot to log the late checkout for room 12. Now I put the note in the system "
    "while the guest is still at the desk.",
    "I sent the rota with the wrong week on it, sorry. In future I send it only after Maria "
    "checks it.",
    # Put back as it was.
    "sorry Jan, I changed the label printer settings yesterday, that's why your labels come out "
    "cut. I reset it to the old profile this morning.",
    "I moved the sprint end date in Jira by mistake, my bad. I changed it back before standup.",
    # A correction notice.
    "Correction: I said 1,240 tickets in standup, it's 2,140. My typo, the dashboard is right.",
    "correction - the visit is on the 9th, not the 8th as I wrote. my mistake, sorry.",
)

# Whole messages: FLAG never owns the mistake; PASS owns it in one of many ways.
RESPONSIBILITY_FLAG = (
    # The writer's part made small, or someone else's word followed: not owned.
    "the promo banner showed the wrong end date. marketing sent the copy, I just posted it.",
    "Sorry all, the rota had Tom on two sites. HR gave me the list and I only printed it.",
    "the pallet went out with the wrong labels, the night shift told me they were checked so "
    "I went with that.",
    # "to the wrong room" tells the slip, it does not wave it off like "wrong channel, sorry".
    "the parcel for flat 3 was handed to the wrong room yesterday, apologies.",
    "The board papers were uploaded to the wrong tab of the portal.",
    # Disowned: "not on me".
    "the webinar link was dead because the platform rotated it overnight, not really on me",
    # A subject-dropped fix is not the slip: "switched it back", "moved them now".
    "the lights in hall B were left on all weekend. switched them off now.",
    "the quarterly newsletter went out with the old logo, apologies",
    "some of the parking permits were printed with last year's dates.",
    "Sorry about the outage this morning. The deploy failed and the site went down. It's back now.",
    "hi all, the newsletter went out with a broken link. a fixed version goes out at noon.",
    "The wrong prices showed on the store for two hours today. The right prices are back and "
    "refunds are going out.",
    "heads up: the monday report had last month's numbers. corrected one attached, sorry!",
    "Apologies, the payroll file had an extra zero in one row. Finance has fixed it already.",
    "the staging db got dropped last night 😬 restoring from backup now, eta 1h.",
    "There was an issue with the pipeline this afternoon and the API returned errors. It's "
    "resolved now.",
    "sorry team, the client got the draft contract instead of the final. a corrected copy went "
    "to them this morning.",
    "Hi <@U123ABC>, the invoice for March was generated with the wrong VAT rate. A new one is "
    "attached.",
    "So the cron job ran twice and everyone got two reminder emails. Sorry for the noise, it's "
    "sorted.",
    "The test emails reached real customers last night. They have been told to ignore them and "
    "the list is fixed.",
    "Unfortunately the migration locked the orders table for twelve minutes. It has been "
    "rewritten to run in batches.",
    "morning all, the dashboard numbers were off yesterday because the sync failed. it's "
    "rerunning now.",
    "the shared calendar was full of test invites this morning. they're cleaned up now, sorry "
    "for the spam.",
    "Quick note that the release notes went out a day early. We'll send the real ones on the "
    "launch date.",
)

RESPONSIBILITY_PASS = (
    "sorry for the late review <@U03KIM22>, it slipped my mind over the weekend. doing it now",
    "had a brain fart and ran the seed script twice on staging. deduped and added a guard.",
    # A slip that is not "just" made small still owns it, as does going over a limit.
    "i went over the print budget by £90. paused the jobs and will claim it back next month.",
    "I just deleted the shared drive folder by mistake, restoring it from the backup now.",
    "force-pushed to main by accident, restored the branch from my local copy.",
    "I had last year's tax rate in the quote template, re-issuing the quotes today.",
    "Accidentally cancelled the courier pickup, rebooked it for 3pm.",
    "somebody (yours truly) skipped the stock count, redoing it tonight",
    "Sorry about the outage this morning. I deployed a broken build and the site went down. "
    "It's back now.",
    "my mistake, the newsletter went out with a broken link. a fixed version goes out at noon.",
    "that was me, i set the wrong prices on the store. the right prices are back now.",
    "heads up: the monday report had last month's numbers, my bad. corrected one attached.",
    "I'm responsible for the payroll error. Finance has fixed it and I'm adding a check.",
    "this one's on me: the staging db got dropped when i ran the wrong script. restoring now.",
    "I messed up the pipeline config this afternoon and the API returned errors. It's resolved "
    "now.",
    "sorry team, i didn't check which version of the contract i attached. a corrected copy went "
    "to them this morning.",
    "hi all, i did mistake in the march invoice, the VAT rate is wrong. new one is attached.",
    "I forgot to turn off the test cron job and everyone got two reminder emails. It's sorted now.",
    "i accidentally emailed real customers from the test list last night. they've been told to "
    "ignore it.",
    "I wrote the migration that locked the orders table. It has been rewritten to run in batches.",
    "morning all, the dashboard numbers were off yesterday. i broke the sync job with my "
    "change, rerunning it now.",
    "the shared calendar got spammed with test invites, that's my fault. cleaned up now.",
    "Quick note that I published the release notes a day early. We'll send the real ones on "
    "the launch date.",
    "i was the one who approved the refund twice. i've asked the customer to send it back.",
    "it was my bad, i typo'd the customer's email and the receipt bounced. resent now.",
    "shared the wrong folder with the auditors, access removed and the right one shared",
    "I used the spare reagent kit for my run without logging it. Ordered a new one today.",
    "I rang the Patel family about the wrong appointment date. I've put a note on the file.",
    "the error is from my side only, the export is fixed and re-sent.",
    "wrong photo credit on the harbour feature, mine, now fixed and the agency is told.",
    "The typo in the newsletter headline was my copy. Corrected for the evening send.",
    "mine, sorry, resending the handover list now with room 4 on it",
    "yep mine! rolling it back now",
    "Sent you the wrong torque file, this one is for the rear axle. Sorry, attached now.",
    "I used the last box of gloves and didn't put it on the order sheet. Ordered two more.",
    "I'm after sending the guest wifi code to the whole office. New code sent to the guest only.",
    "The visitor list went to the front desk by me with the wrong floor on it. Resent it.",
    "correction: the deal is 84k not 840k, an extra zero in my post. fixed it.",
)

CASES = [
    ("passive", PASSIVE_FLAG, PASSIVE_PASS),
    ("conditional_apology", CONDITIONAL_FLAG, CONDITIONAL_PASS),
    ("excuse", COUNTERFACTUAL_FLAG, COUNTERFACTUAL_PASS),
    ("missing_repair", REPAIR_FLAG, REPAIR_PASS),
    ("missing_responsibility", RESPONSIBILITY_FLAG, RESPONSIBILITY_PASS),
]
FLAGS = [pytest.param(kind, text, id=f"{kind}:{text[:40]}") for kind, f, _ in CASES for text in f]
PASSES = [pytest.param(kind, text, id=f"{kind}:{text[:40]}") for kind, _, p in CASES for text in p]


def kinds(text: str) -> set[str]:
    return {f.kind for f in review(text)}


@pytest.mark.parametrize(("kind", "text"), FLAGS)
def test_flags(kind, text):
    assert kind in kinds(text)


@pytest.mark.parametrize(("kind", "text"), PASSES)
def test_passes(kind, text):
    assert kind not in kinds(text)


@pytest.mark.parametrize(("kind", "flags", "passes"), CASES, ids=[c[0] for c in CASES])
def test_each_check_has_at_least_15_examples_each_way(kind, flags, passes):
    assert len(flags) >= 15 and len(passes) >= 15
    assert not set(flags) & set(passes)


def test_long_run_on_is_cut_into_bounded_sentences():
    from bot.coach.sentences import MAX_SENTENCE_CHARS, Sentences

    text = "the config was changed and " * 110
    spans = Sentences(text).spans
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(b == c for (_, b), (c, _) in zip(spans, spans[1:], strict=False))
    assert max(e - s for s, e in spans) <= MAX_SENTENCE_CHARS


def test_addressed_one_liner_is_judged_as_a_message():
    assert review("sorry all, I sent the wrong deck, correct one attached") == []
    assert "missing_repair" in kinds("hey all, i deleted the #design channel by accident, so sorry")


def test_every_finding_names_the_rule_that_found_it():
    from bot.coach.rulebook import RULES

    text = "Mistakes were made and the data got wiped. Sorry if anyone was affected."
    found = review(text)
    assert {f.kind for f in found} >= {"passive", "conditional_apology", "missing_repair"}
    assert {f.rule for f in found} <= {r.id for r in RULES} | {"model"}
    assert all(f.rule for f in found)


@pytest.mark.parametrize(
    "text",
    [
        # Owned in words, then handed back: the model's or a rule's ownership does not cancel it.
        "I approved the invoice, but that's not my fault, AP matched it to the wrong PO.",
        # Nothing owned at all: one finding, pointing at the words, not two.
        "The alarm went off at 2am because the cleaners set it wrong. Not my fault.",
        "I put in what Mike gave me on the sheet, so it's not really on me. Check with him.",
    ],
)
def test_disowning_leaves_the_mistake_unowned(text):
    found = [f for f in review(text) if f.kind == "missing_responsibility"]
    assert len(found) == 1 and not found[0].whole_text
    assert "not" in text[found[0].start : found[0].end].lower()


def test_quoting_a_disowning_to_deny_it_owns_the_mistake():
    text = "I won't pretend it wasn't my fault: I skipped the check. The backup is restored."
    assert not [f for f in review(text) if f.kind == "missing_responsibility"]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("I paid it twice, but to be fair the finance team sent it twice.", "blame.in_fairness"),
        ("I booked the hall, in my defence <@U0MARK> said it was free.", "blame.in_fairness"),
        ("I booked the hall, but in my defence I was covering two desks.", "excuse.in_my_defence"),
    ],
)
def test_a_defence_that_names_someone_else_is_blame_not_excuse(text, rule):
    rules = {f.rule for f in review(text, model=False)}
    assert rule in rules
    assert ("excuse.in_my_defence" in rules) == (rule == "excuse.in_my_defence")
