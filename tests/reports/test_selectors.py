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
