"""Staff ask for consent again (issue 3): data.consent_requests on the demo data."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ip_app.data import consents as cd
from ip_app.data.consent_requests import ask_again, askable
from ip_app.domain.consent import ConsentStatus


def test_only_declined_withdrawn_expired_or_never_asked_can_be_asked(s, demo, today):
    plan = demo.plan(s, "sara")
    assert askable(s, plan.id, today) == []  # everyone has a consent in force
    c = cd.latest_for(s, demo.participant(s, "sara", "fastlege").id)
    cd.withdraw(s, consent_id=c.id, based_on_version=c.version, by_id=demo.account(s, "sara").id,
                today=today)
    [a] = askable(s, plan.id, today)
    assert (a.name, a.status) == ("Per Moe", ConsentStatus.WITHDRAWN)
    new = ask_again(s, plan_id=plan.id, participant_id=a.participant_id, scopes=["goals"],
                    valid_until=today + timedelta(days=30), by_id=demo.account(s, "koordinator").id,
                    today=today)
    assert new.status == ConsentStatus.REQUESTED and new.id != c.id
    assert c.status == ConsentStatus.WITHDRAWN  # the old one and its history stay
    assert askable(s, plan.id, today) == []
    with pytest.raises(cd.ConsentError) as exc:  # asked twice
        ask_again(s, plan_id=plan.id, participant_id=a.participant_id, scopes=["goals"],
                  valid_until=None, by_id=demo.account(s, "koordinator").id, today=today)
    assert exc.value.key == "error.consent_not_askable"


def test_a_participant_of_another_plan_cannot_be_asked(s, demo, today):
    c = cd.latest_for(s, demo.participant(s, "amina", "laerer").id)
    cd.withdraw(s, consent_id=c.id, based_on_version=c.version, by_id=demo.account(s, "amina").id,
                today=today)
    with pytest.raises(cd.ConsentError):
        ask_again(s, plan_id=demo.plan(s, "sara").id, participant_id=c.participant_id,
                  scopes=["goals"], valid_until=None, by_id=demo.account(s, "koordinator").id,
                  today=today)


def test_bad_scopes_and_past_dates_are_refused(s, demo, today):
    plan = demo.plan(s, "sara")
    c = cd.latest_for(s, demo.participant(s, "sara", "fastlege").id)
    cd.withdraw(s, consent_id=c.id, based_on_version=c.version, by_id=demo.account(s, "sara").id,
                today=today)
    for scopes, until, key in (([], None, "error.consent_no_scopes"),
                               (["goals"], today - timedelta(days=1), "error.consent_until_past")):
        with pytest.raises(cd.ConsentError) as exc:
            ask_again(s, plan_id=plan.id, participant_id=c.participant_id, scopes=scopes,
                      valid_until=until, by_id=demo.account(s, "koordinator").id, today=today)
        assert exc.value.key == key
