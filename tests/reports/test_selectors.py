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
