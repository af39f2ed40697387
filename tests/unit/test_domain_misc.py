"""Progress, eligibility, plan bases, readable history and form validation."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ip_app.ip_decision.rules import IpOutcome, ip_outcome
from ip_app.kernel.forms import TEXT_MAX, TITLE_MAX, FormError, validate
from ip_app.kernel.history import TRACKED_FIELDS, Change, changes_between, history
from ip_app.measures.input import NewActivity
from ip_app.measures.rules import Status
from ip_app.plan.progress import Progress, evaluation_overdue, progress, progress_by_goal
from ip_app.plan.rules import SAMORDNET, PlanBasis, format_serves, parse_serves, plan_tag

F, PL, G, FU, AV = (Status.FORSLAG, Status.PLANLAGT, Status.GJENNOMFORES, Status.FULLFORT,
                    Status.AVBRUTT)
A, IP, INT, KVP = (PlanBasis.AKTIVITETSPLAN, PlanBasis.INDIVIDUELL_PLAN,
                   PlanBasis.INTEGRERINGSPLAN, PlanBasis.KVALIFISERINGSPROGRAM)


# =========================================================================== progress
def test_progress_empty():
    p = progress([])
    assert (p.done, p.total, p.percent) == (0, 0, 0)


def test_progress_counts_fullfort_as_done_and_leaves_avbrutt_out():
    p = progress([F, PL, G, FU, AV])
    assert (p.done, p.total) == (1, 4)
    assert p.percent == 25


def test_progress_only_avbrutt_is_empty():
    p = progress([AV, AV])
    assert (p.done, p.total, p.percent) == (0, 0, 0)


def test_progress_all_done():
    assert progress([FU, FU, AV]).percent == 100


def test_progress_accepts_a_generator():
    assert progress(s for s in [FU, PL]) == Progress(done=1, total=2)


@pytest.mark.parametrize("done,total,percent", [
    (0, 5, 0), (1, 3, 33), (2, 3, 66), (1, 6, 16), (5, 6, 83), (1, 7, 14), (6, 7, 85),
    (3, 3, 100), (1, 1, 100), (0, 1, 0), (1, 2, 50), (2, 9, 22), (199, 200, 99), (1, 200, 0),
])
def test_percent_rounds_down_so_100_means_all_done(done, total, percent):
    assert Progress(done=done, total=total).percent == percent


def test_percent_of_zero_total_is_zero():
    assert Progress(done=0, total=0).percent == 0


@given(st.lists(st.sampled_from(list(Status)), max_size=60))
def test_progress_property(statuses):
    p = progress(statuses)
    assert p.done == statuses.count(FU)
    assert p.total == len(statuses) - statuses.count(AV)
    assert 0 <= p.done <= p.total
    assert 0 <= p.percent <= 100
    if p.total:
        assert 0 <= 100 * p.done / p.total - p.percent < 1
        if p.done < p.total:
            assert p.percent < 100
    if p.done == 0:
        assert p.percent == 0
    if p.total and p.done == p.total:
        assert p.percent == 100


def test_progress_by_goal():
    got = progress_by_goal([(1, FU), (1, PL), (2, AV), (None, G), (1, AV), (None, FU), (3, FU)])
    assert got == {
        1: Progress(done=1, total=2),
        2: Progress(done=0, total=0),
        None: Progress(done=1, total=2),
        3: Progress(done=1, total=1),
    }
    assert list(got) == [1, 2, None, 3]  # first-seen order
    assert got[1].percent == 50 and got[2].percent == 0 and got[3].percent == 100


def test_progress_by_goal_empty():
    assert progress_by_goal([]) == {}


@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 4)), st.sampled_from(list(Status))),
                max_size=40))
def test_progress_by_goal_sums_to_overall(items):
    per_goal = progress_by_goal(items)
    overall = progress(s for _, s in items)
    assert sum(p.done for p in per_goal.values()) == overall.done
    assert sum(p.total for p in per_goal.values()) == overall.total
    assert set(per_goal) == {g for g, _ in items}


def test_evaluation_overdue():
    day = date(2025, 5, 1)
    assert not evaluation_overdue(None, day)
    assert not evaluation_overdue(day + timedelta(days=1), day)
    assert not evaluation_overdue(day, day)  # due today is not yet overdue
    assert evaluation_overdue(day - timedelta(days=1), day)


# =========================================================================== eligibility
# the Statsforvalteren decision tree, written out as a table
IP_TABLE = {
    # (has IP already, long-term need, several providers): outcome
    (True, True, True): "join_existing",
    (True, True, False): "join_existing",
    (True, False, True): "join_existing",
    (True, False, False): "join_existing",
    (False, True, True): "right",
    (False, True, False): "no_right_single_provider",
    (False, False, True): "no_right_short_term",
    (False, False, False): "no_right_short_term",
}


@pytest.mark.parametrize("has_ip,long_term,several", list(itertools.product([True, False], repeat=3)))
def test_ip_outcome_all_combinations(has_ip, long_term, several):
    got = ip_outcome(has_ip, long_term, several)
    assert got == IP_TABLE[(has_ip, long_term, several)]
    assert isinstance(got, IpOutcome)


def test_only_one_combination_gives_a_new_ip():
    rights = [k for k in itertools.product([True, False], repeat=3)
              if ip_outcome(*k) == IpOutcome.RIGHT]
    assert rights == [(False, True, True)]


# =========================================================================== plan bases
@pytest.mark.parametrize("raw,expected", [
    ("", []),
    (None, []),
    ("aktivitetsplan", [A]),
    ("individuell_plan,aktivitetsplan", [IP, A]),  # order kept
    (" integreringsplan , individuell_plan ", [INT, IP]),
    ("aktivitetsplan,aktivitetsplan,individuell_plan,aktivitetsplan", [A, IP]),  # no repeats
    ("aktivitetsplan,unknown,,Individuell_plan,kvalifiseringsprogram", [A, KVP]),
    ("samordnet", []),  # the tag is not a basis
])
def test_parse_serves(raw, expected):
    got = parse_serves(raw)
    assert got == expected
    assert all(type(b) is PlanBasis for b in got)


@pytest.mark.parametrize("bases,expected", [
    ([], ""),
    ([A], "aktivitetsplan"),
    ([IP, A], "individuell_plan,aktivitetsplan"),
    (["integreringsplan", INT, "bogus", A], "integreringsplan,aktivitetsplan"),
])
def test_format_serves(bases, expected):
    assert format_serves(bases) == expected


@given(st.lists(st.sampled_from(list(PlanBasis)), unique=True))
def test_serves_round_trip(bases):
    assert parse_serves(format_serves(bases)) == bases


@given(st.lists(st.one_of(st.sampled_from([b.value for b in PlanBasis]), st.text(max_size=10))))
def test_format_serves_is_idempotent(parts):
    text = format_serves(parts)
    assert format_serves(parse_serves(text)) == text
    assert len(parse_serves(text)) == len(set(parse_serves(text)))


@pytest.mark.parametrize("serves,tag", [
    ([], ""),
    ([A], "aktivitetsplan"),
    ([IP], "individuell_plan"),
    ([INT], "integreringsplan"),
    ([KVP], "kvalifiseringsprogram"),
    ([A, IP], "samordnet"),
    ([INT, A, IP], "samordnet"),
    (list(PlanBasis), "samordnet"),
])
def test_plan_tag(serves, tag):
    assert plan_tag(serves) == tag
    assert SAMORDNET == "samordnet"


# =========================================================================== history
BASE = {
    "title": "Norskkurs", "description": "", "responsible_participant_id": 4, "extent": "",
    "hours_per_week": 10, "how": "", "start_date": "2025-01-06", "end_date": None,
    "goal_id": 1, "serves": "integreringsplan", "status": "planlagt", "agreed": False,
    "restricted_to_org_id": None, "kind": "kurs",
}


def test_first_version_is_created():
    assert changes_between(None, BASE) == [Change(kind="created", new="planlagt")]


def test_no_change():
    assert changes_between(BASE, dict(BASE)) == []


def test_status_change():
    cur = dict(BASE, status="gjennomfores")
    assert changes_between(BASE, cur) == [Change(kind="status", old="planlagt", new="gjennomfores")]


def test_agreed_and_unagreed():
    agreed = dict(BASE, agreed=True)
    assert changes_between(BASE, agreed) == [Change(kind="agreed", new="yes")]
    assert changes_between(agreed, BASE) == [Change(kind="agreed", new="no")]


def test_agreed_none_equals_false():
    assert changes_between(dict(BASE, agreed=None), dict(BASE, agreed=False)) == []
    assert changes_between(dict(BASE, agreed=0), dict(BASE, agreed=None)) == []


def test_field_changes_in_tracked_order():
    cur = dict(BASE, serves="aktivitetsplan,integreringsplan", title="B1-kurs", end_date="2025-06-01")
    assert changes_between(BASE, cur) == [
        Change(kind="fields", fields=("title", "end_date", "serves"))]


def test_untracked_fields_are_not_told():
    # the office restriction is not shown as a change
    cur = dict(BASE, restricted_to_org_id=100)
    assert changes_between(BASE, cur) == []


def test_a_new_tiltak_type_is_told():
    # the type has a plain description on the card, so changing it is a visible change
    cur = dict(BASE, kind="mentor", restricted_to_org_id=100)
    assert changes_between(BASE, cur) == [Change(kind="fields", fields=("kind",))]


def test_all_kinds_at_once_in_order():
    cur = dict(BASE, status="fullfort", agreed=True, how="Hver mandag")
    assert changes_between(BASE, cur) == [
        Change(kind="status", old="planlagt", new="fullfort"),
        Change(kind="agreed", new="yes"),
        Change(kind="fields", fields=("how",)),
    ]


def test_field_added_or_missing_counts_as_change():
    prev = {k: v for k, v in BASE.items() if k != "goal_id"}
    assert changes_between(prev, BASE) == [Change(kind="fields", fields=("goal_id",))]


def test_history():
    v1 = BASE
    v2 = dict(v1, status="gjennomfores")
    v3 = dict(v2, agreed=True)
    v4 = dict(v3)  # saved without change
    v5 = dict(v4, status="fullfort", description="Bestått")
    assert history([v1, v2, v3, v4, v5]) == [
        [Change(kind="created", new="planlagt")],
        [Change(kind="status", old="planlagt", new="gjennomfores")],
        [Change(kind="agreed", new="yes")],
        [],
        [Change(kind="status", old="gjennomfores", new="fullfort"),
         Change(kind="fields", fields=("description",))],
    ]


def test_history_empty():
    assert history([]) == []


@given(st.lists(st.fixed_dictionaries({
    "status": st.sampled_from([s.value for s in Status]),
    "agreed": st.booleans(),
    "title": st.sampled_from(["a", "b"]),
    "hours_per_week": st.one_of(st.none(), st.integers(0, 3)),
}), min_size=1, max_size=10))
def test_history_property(snapshots):
    result = history(snapshots)
    assert len(result) == len(snapshots)
    assert result[0] == [Change(kind="created", new=snapshots[0]["status"])]
    for prev, cur, changes in zip(snapshots, snapshots[1:], result[1:]):
        kinds = [c.kind for c in changes]
        assert ("status" in kinds) == (prev["status"] != cur["status"])
        assert ("agreed" in kinds) == (prev["agreed"] != cur["agreed"])
        fields = next((c.fields for c in changes if c.kind == "fields"), ())
        assert set(fields) == {f for f in ("title", "hours_per_week") if prev[f] != cur[f]}
        assert set(fields) <= set(TRACKED_FIELDS)


# =========================================================================== forms
def errors_of(data: dict) -> dict[str, str]:
    with pytest.raises(FormError) as exc:
        validate(NewActivity, data)
    return exc.value.errors


def test_valid_activity():
    a = validate(NewActivity, {"title": "  Søke jobber  ", "description": " tre i uka ",
                               "start_date": "2025-03-01", "end_date": "2025-04-01"})
    assert isinstance(a, NewActivity)
    assert a.title == "Søke jobber"
    assert a.description == "tre i uka"
    assert a.start_date == date(2025, 3, 1) and a.end_date == date(2025, 4, 1)


@pytest.mark.parametrize("title", ["", "   ", "\t\n", "\x00", " \x00 ", None])
def test_title_required(title):
    assert errors_of({"title": title}) == {"title": "error.title_required"}


def test_title_length_boundary():
    assert validate(NewActivity, {"title": "x" * TITLE_MAX}).title == "x" * 200
    assert validate(NewActivity, {"title": "  " + "x" * 200 + "  "}).title == "x" * 200
    assert errors_of({"title": "x" * 201}) == {"title": "error.title_too_long"}


def test_nul_bytes_are_stripped():
    a = validate(NewActivity, {"title": "Kur\x00s\x00", "description": "a\x00b"})
    assert a.title == "Kurs" and a.description == "ab"
    # NUL bytes do not count towards the length
    assert validate(NewActivity, {"title": "x" * 200 + "\x00" * 5}).title == "x" * 200


def test_description_length_boundary():
    assert len(validate(NewActivity, {"title": "t", "description": "d" * TEXT_MAX}).description) == 2000
    assert errors_of({"title": "t", "description": "d" * 2001}) == {
        "description": "error.text_too_long"}


def test_end_before_start_is_reported_on_end_date():
    assert errors_of({"title": "t", "start_date": "2025-05-02", "end_date": "2025-05-01"}) == {
        "end_date": "error.end_before_start"}


def test_same_day_start_and_end_is_fine():
    a = validate(NewActivity, {"title": "t", "start_date": "2025-05-02", "end_date": "2025-05-02"})
    assert a.start_date == a.end_date == date(2025, 5, 2)


def test_only_one_date_is_fine():
    assert validate(NewActivity, {"title": "t", "end_date": "2025-05-02"}).start_date is None
    assert validate(NewActivity, {"title": "t", "start_date": "", "end_date": ""}).end_date is None


def test_date_objects_accepted():
    a = validate(NewActivity, {"title": "t", "start_date": date(2025, 1, 2)})
    assert a.start_date == date(2025, 1, 2)


@pytest.mark.parametrize("field", ["start_date", "end_date"])
@pytest.mark.parametrize("raw", ["not a date", "2025-13-01", "2025-02-30", "01.02.2025", "12345"])
def test_invalid_date(field, raw):
    assert errors_of({"title": "t", field: raw}) == {field: "error.date_invalid"}


def test_several_errors_at_once():
    assert errors_of({"title": " ", "start_date": "nope", "description": "d" * 2001}) == {
        "title": "error.title_required", "start_date": "error.date_invalid",
        "description": "error.text_too_long"}


def test_extra_fields_are_ignored():
    a = validate(NewActivity, {"title": "t", "agreed": True, "status": "fullfort", "plan_id": 9})
    assert a.model_dump() == {"title": "t", "description": "", "start_date": None, "end_date": None,
                              "kind": ""}
    assert not hasattr(a, "agreed")


def test_missing_title_is_an_error_on_title():
    errors = errors_of({})
    assert list(errors) == ["title"]
    assert errors["title"].startswith("error.")


def test_form_error_carries_errors():
    e = FormError({"title": "error.title_required"})
    assert e.errors == {"title": "error.title_required"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=260))
def test_title_property(raw):
    cleaned = raw.replace("\x00", "").strip()
    if not cleaned:
        assert errors_of({"title": raw}) == {"title": "error.title_required"}
    elif len(cleaned) > 200:
        assert errors_of({"title": raw}) == {"title": "error.title_too_long"}
    else:
        assert validate(NewActivity, {"title": raw}).title == cleaned


@settings(max_examples=200, deadline=None)
@given(st.dates(), st.dates())
def test_date_order_property(start, end):
    data = {"title": "t", "start_date": start.isoformat(), "end_date": end.isoformat()}
    if end < start:
        assert errors_of(data) == {"end_date": "error.end_before_start"}
    else:
        a = validate(NewActivity, data)
        assert (a.start_date, a.end_date) == (start, end)
