"""Writes of the reports app used by the ministry pages and admin."""

import pytest
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from reports.models import CountingRule, ReportRun
from reports.services import counting_rule_save, report_run_request

pytestmark = pytest.mark.django_db


def test_a_new_rule_gets_the_next_version_and_replaces_the_active_one(counting):
    new = counting_rule_save(rule=CountingRule(name="Exams only", counts_courses=False, is_active=True))

    assert new.version == 2
    assert dict(CountingRule.objects.values_list("version", "is_active")) == {1: False, 2: True}


def test_an_inactive_new_rule_leaves_the_active_one(counting):
    counting_rule_save(rule=CountingRule(name="Draft"))

    assert dict(CountingRule.objects.values_list("version", "is_active")) == {1: True, 2: False}


def test_a_saved_version_cannot_be_edited(counting):
    counting.min_course_level = 4

    with pytest.raises(ApplicationError) as error:
        counting_rule_save(rule=counting)

    assert error.value.extra == {"fields": {"min_course_level": [_("Saved versions are read-only.")]}}
    assert CountingRule.objects.get().min_course_level == 2


def test_the_active_version_cannot_be_switched_off(counting):
    counting.is_active = False

    with pytest.raises(ApplicationError):
        counting_rule_save(rule=counting)

    assert CountingRule.objects.get().is_active is True


@pytest.mark.parametrize("actor", ["learner", "consortium_admin"])
def test_only_report_readers_may_request_reports(actors, figures, actor):
    with pytest.raises(ApplicationError):
        report_run_request(actor=actors[actor], params={})

    assert ReportRun.objects.count() == 0


def test_only_superusers_may_request_exact_figures(actors, figures):
    with pytest.raises(ApplicationError):
        report_run_request(actor=actors["ministry"], params={}, exact=True)

    assert ReportRun.objects.count() == 0
