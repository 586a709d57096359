"""Who may read the reports, and which runs they see."""

import pytest

from reports.models import ReportRun
from reports.selectors import actor_may_read_reports, actor_sees_exact_figures, report_runs_for

from .access import ACTORS

pytestmark = pytest.mark.django_db


def _actor(actors, name):
    from django.contrib.auth.models import AnonymousUser

    return actors[name] or AnonymousUser()


def test_readers_and_exact_figures(actors):
    may_read = {name: actor_may_read_reports(actor=_actor(actors, name)) for name in ACTORS}
    exact = {name: actor_sees_exact_figures(actor=_actor(actors, name)) for name in ACTORS}

    assert may_read == {
        "anonymous": False,
        "learner": False,
        "consortium_admin": False,
        "ministry": True,
        "superuser": True,
    }
    assert exact == {
        "anonymous": False,
        "learner": False,
        "consortium_admin": False,
        "ministry": False,
        "superuser": True,
    }


def test_an_inactive_ministry_viewer_reads_nothing(actors):
    viewer = actors["ministry"]
    viewer.is_active = False
    viewer.save()

    assert actor_may_read_reports(actor=viewer) is False


def test_exact_runs_are_listed_for_superusers_only(actors):
    suppressed = ReportRun.objects.create(requested_by=actors["ministry"])
    exact = ReportRun.objects.create(requested_by=actors["superuser"], is_exact=True)

    listed = {name: sorted(r.pk for r in report_runs_for(actor=_actor(actors, name))) for name in ACTORS}

    assert listed == {
        "anonymous": [],
        "learner": [],
        "consortium_admin": [],
        "ministry": [suppressed.pk],
        "superuser": sorted([suppressed.pk, exact.pk]),
    }


def test_a_repeated_question_costs_no_aggregate_query_until_the_next_rollup(
    figures, django_assert_num_queries
):
    from reports.models import RollupState
    from reports.selectors import progress_breakdown, progress_filter_parse, progress_overview

    f = progress_filter_parse({"prefecture": "13"}, whole_months=True)
    first = progress_breakdown(exact=False, f=f, group_by="hr_type")
    overview = progress_overview(exact=False, f=f)

    with django_assert_num_queries(2):  # the rollup generation, once per question
        assert progress_breakdown(exact=False, f=f, group_by="hr_type") == first
        assert progress_overview(exact=False, f=f).total == overview.total

    RollupState.objects.update_or_create(pk=1, defaults={"generation": 99})
    with django_assert_num_queries(5):  # a new generation: the aggregate and the labels again
        assert progress_breakdown(exact=False, f=f, group_by="hr_type") == first


def test_holders_of_the_exact_figures_permission_may_read_reports_with_exact_figures(db):
    from django.contrib.auth.models import Permission

    from core.models import User
    from reports.selectors import actor_may_read_reports, actor_sees_exact_figures

    analyst = User.objects.create_user("analyst", "analyst@example.go.jp", "analyst-pass-2026")
    analyst.user_permissions.add(Permission.objects.get(codename="see_exact_figures"))
    analyst = User.objects.get(pk=analyst.pk)  # a fresh permission cache

    assert actor_may_read_reports(actor=analyst) is True
    assert actor_sees_exact_figures(actor=analyst) is True


@pytest.mark.django_db(transaction=True)
def test_each_process_keeps_the_generation_for_a_bounded_time_and_its_own_rollup_moves_it_at_once(
    counting, settings, monkeypatch, django_assert_num_queries
):
    """A cached answer read the rollup's generation on every request (one query of two or three);
    a process now keeps it REPORTS_GENERATION_SECONDS: another process's rollup shows within that
    time, this process's own rollup at once, and a value read inside a transaction is not kept."""
    from django.db import transaction

    from reports import selectors
    from reports.models import RollupState
    from reports.rollup import rollup_run

    settings.REPORTS_GENERATION_SECONDS = 30
    now = [1000.0]
    monkeypatch.setattr(selectors.time, "monotonic", lambda: now[0])
    rollup_run()
    first = selectors.rollup_generation()
    with django_assert_num_queries(0):
        assert selectors.rollup_generation() == first

    RollupState.objects.filter(pk=1).update(generation=first + 5)  # another process's run
    now[0] += 29.9
    with django_assert_num_queries(0):
        assert selectors.rollup_generation() == first
    now[0] += 0.2
    assert selectors.rollup_generation() == first + 5

    assert rollup_run().generation == first + 6  # this process's run: no wait
    with django_assert_num_queries(1):
        assert selectors.rollup_generation() == first + 6

    selectors.forget_rollup_generation()
    with transaction.atomic():
        RollupState.objects.filter(pk=1).update(generation=first + 40)
        assert selectors.rollup_generation() == first + 40
        transaction.set_rollback(True)
    with django_assert_num_queries(1):  # the rolled-back value was not kept
        assert selectors.rollup_generation() == first + 6
