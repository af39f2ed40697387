"""Whose voice a plan speaks in (kernel/voice.py) and giving consent again (consent/rules.py)."""

from __future__ import annotations

import pytest

from ip_app.consent.rules import may_grant_again
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import ConsentStatus
from ip_app.kernel.voice import VoiceKind, genitive, voice_for


def test_the_person_reads_their_own_plan_in_the_first_person():
    v = voice_for(viewer_is_owner=True, viewer_role=Role.PERSON, owner_name="Amina Yusuf")
    assert v.kind == VoiceKind.OWN and v.is_own


def test_a_guardian_reads_about_the_child():
    v = voice_for(viewer_is_owner=False, viewer_role=Role.VERGE, owner_name="Noah Berg")
    assert (v.kind, v.owner, v.owner_gen) == (VoiceKind.GUARDIAN, "Noah", "Noahs")


@pytest.mark.parametrize("role", [Role.VEILEDER, Role.KOORDINATOR, Role.TJENESTEYTER])
def test_staff_read_about_the_person(role):
    v = voice_for(viewer_is_owner=False, viewer_role=role, owner_name="Amina Yusuf")
    assert (v.kind, v.owner_gen) == (VoiceKind.STAFF, "Aminas")


def test_a_relative_reads_about_the_person():
    v = voice_for(viewer_is_owner=False, viewer_role=Role.PARORENDE, owner_name="Amina Yusuf")
    assert v.kind == VoiceKind.RELATIVE and not v.is_own


@pytest.mark.parametrize("name, gen", [("Noah", "Noahs"), ("Lars", "Lars'"), ("Max", "Max'"),
                                       ("Fritz", "Fritz'"), ("", "")])
def test_norwegian_genitive(name, gen):
    assert genitive(name) == gen


@pytest.mark.parametrize("status, again", [
    (ConsentStatus.WITHDRAWN, True), (ConsentStatus.DECLINED, True),
    (ConsentStatus.EXPIRED, True), (ConsentStatus.GRANTED, False),
    (ConsentStatus.REQUESTED, False)])
def test_consent_can_be_given_again_after_it_ended(status, again):
    assert may_grant_again(status, is_latest=True, participant_left=False) is again


def test_not_again_for_an_old_consent_or_someone_who_left():
    assert not may_grant_again(ConsentStatus.WITHDRAWN, is_latest=False, participant_left=False)
    assert not may_grant_again(ConsentStatus.WITHDRAWN, is_latest=True, participant_left=True)


def test_one_label_per_participant():
    from ip_app.kernel.voice import participant_label

    # the organisation's title wins over the role: Siri Dahl is "Kontaktlærer" everywhere
    assert participant_label("tjenesteyter", "nb", "Kontaktlærer") == "Kontaktlærer"
    # no title: the role in the plan, capitalised as a label (Lene is "Verge", not "verge")
    assert participant_label("verge", "nb") == "Verge"
    assert participant_label("verge", "nn") == participant_label("verge", "nn", "  ")
    # an account with no role in this plan is named by its kind
    assert participant_label("relative", "nb") == "Pårørende"
    assert participant_label("", "nb") == ""
