"""Exam passes on the profile page: list, record (validated, naming the field), delete own only."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from courses import demo as courses_demo
from learners import demo
from learners.models import Exam, ExamPass
from learners.services import exam_reference_load

from .factories import LearnerProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def exams(db):
    exam_reference_load()
    return {exam.code: exam for exam in Exam.objects.all()}


@pytest.fixture
def signed_in(client, learner_a):
    LearnerProfileFactory.create(user=learner_a)
    client.force_login(learner_a)
    return client


def test_profile_lists_the_learners_own_passes(signed_in, learner_a, learner_b, exams):
    ExamPass.objects.create(learner=learner_a, exam=exams["FE"], passed_on=dt.date(2024, 11, 20))
    ExamPass.objects.create(learner=learner_b, exam=exams["AP"], passed_on=dt.date(2024, 4, 21))

    body = signed_in.get("/me/profile/").content.decode()

    assert 'id="exam-passes"' in body
    assert "Fundamental Information Technology Engineer Examination" in body
    assert "2024-11-20" in body
    assert "2024-04-21" not in body
    assert 'action="/me/profile/exam-passes/FE/delete/"' in body


def test_record_a_pass(signed_in, learner_a, exams):
    response = signed_in.post(
        "/me/profile/exam-passes/",
        {"exam_pass-exam": "FE", "exam_pass-passed_on": "2024-11-20", "exam_pass-certificate_number": "FE-1"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/me/profile/#exam-passes"
    exam_pass = ExamPass.objects.get(learner=learner_a)
    assert (exam_pass.exam.code, exam_pass.passed_on, exam_pass.certificate_number) == (
        "FE",
        dt.date(2024, 11, 20),
        "FE-1",
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"exam_pass-passed_on": "2024-11-20"}, "exam", "Choose the exam you passed."),
        ({"exam_pass-exam": "XX", "exam_pass-passed_on": "2024-11-20"}, "exam", "Select a valid exam"),
        ({"exam_pass-exam": "FE"}, "passed_on", "Enter the date you passed the exam."),
        ({"exam_pass-exam": "FE", "exam_pass-passed_on": "20/11/2024"}, "passed_on", "YYYY-MM-DD"),
        ({"exam_pass-exam": "FE", "exam_pass-passed_on": "FUTURE"}, "passed_on", "cannot be in the future"),
    ],
)
def test_invalid_pass_is_a_400_naming_the_field(signed_in, exams, data, field, message):
    if data.get("exam_pass-passed_on") == "FUTURE":
        data["exam_pass-passed_on"] = (timezone.localdate() + dt.timedelta(days=1)).isoformat()

    response = signed_in.post("/me/profile/exam-passes/", data)

    assert response.status_code == 400
    errors = response.context["exam_form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert f'id="id_exam_pass-{field}_error"' in response.content.decode()
    assert not ExamPass.objects.exists()


def test_delete_own_pass(signed_in, learner_a, exams):
    ExamPass.objects.create(learner=learner_a, exam=exams["FE"], passed_on=dt.date(2024, 11, 20))

    response = signed_in.post("/me/profile/exam-passes/FE/delete/")

    assert response.status_code == 302
    assert not ExamPass.objects.exists()


def test_delete_of_another_learners_pass_is_404_and_changes_nothing(signed_in, learner_b, exams):
    ExamPass.objects.create(learner=learner_b, exam=exams["FE"], passed_on=dt.date(2024, 11, 20))

    assert signed_in.post("/me/profile/exam-passes/FE/delete/").status_code == 404
    assert signed_in.get("/me/profile/exam-passes/FE/delete/").status_code == 405
    assert ExamPass.objects.count() == 1


def test_anonymous_cannot_record_a_pass(client, exams):
    response = client.post(
        "/me/profile/exam-passes/", {"exam_pass-exam": "FE", "exam_pass-passed_on": "2024-1-1"}
    )

    assert response.status_code == 302
    assert not ExamPass.objects.exists()


def test_demo_learner3_has_passed_fe(standard):
    courses_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())

    passes = ExamPass.objects.filter(learner__email="learner3@example.jp")
    assert [(p.exam.code, p.passed_on) for p in passes] == [("FE", dt.date(2024, 11, 20))]


# --- The catalogue's validity periods (issue #12, item 3) ----------------------------------------


def _exams_file(tmp_path, extra: str) -> "io.StringIO":
    from learners.services import EXAMS_FILE

    path = tmp_path / "exams.yaml"
    path.write_text(EXAMS_FILE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


NEW_EXAM = """
- code: DX1
  name_ja: 新試験（仮）
  name_en: New exam (placeholder)
  level: 3
  verification: unverified
  sources: []
  note: 'a test entry: an exam introduced by the FY2027 reform'
  hr_type_slug: business-architect
  valid_from: 2027-04-01
"""


def test_an_exam_introduced_later_is_added_as_data_with_its_period(db, tmp_path):
    report = exam_reference_load(path=_exams_file(tmp_path, NEW_EXAM))

    exam = Exam.objects.get(code="DX1")
    assert (exam.valid_from, exam.valid_until, exam.verification) == (dt.date(2027, 4, 1), None, "unverified")
    assert report.created["exam"] == 14
    assert not exam.held_on(dt.date(2027, 3, 31))
    assert exam.held_on(dt.date(2027, 4, 1))


def test_a_period_that_ends_before_it_starts_is_refused_and_loads_nothing(db, tmp_path):
    from core.exceptions import ApplicationError

    bad = NEW_EXAM.replace("valid_from: 2027-04-01", "valid_from: 2027-04-01\n  valid_until: 2026-04-01")

    with pytest.raises(ApplicationError, match="valid_until is before valid_from"):
        exam_reference_load(path=_exams_file(tmp_path, bad))
    assert not Exam.objects.filter(code="DX1").exists()


def test_a_pass_outside_the_exams_period_is_refused(signed_in, exams):
    retired = exams["PM"]
    retired.valid_until = dt.date(2020, 3, 31)
    retired.save()

    response = signed_in.post(
        "/me/profile/exam-passes/",
        {"exam_pass-exam": "PM", "exam_pass-passed_on": "2021-04-18", "exam_pass-certificate_number": ""},
    )

    assert response.status_code == 400
    assert "PM was not held on that date" in response.content.decode()
    assert not ExamPass.objects.filter(exam=retired).exists()


def test_the_rollup_counts_no_pass_dated_outside_the_period(exams, learner_a):
    from reports.models import CountedPerson
    from reports.rollup import rollup_run
    from reports.services import reports_setup

    reports_setup()
    LearnerProfileFactory.create(
        user=learner_a, consents_to_statistics=True, statistics_consent_at=timezone.now()
    )
    ExamPass.objects.create(learner=learner_a, exam=exams["AP"], passed_on=dt.date(2025, 10, 12))
    rollup_run(full=True)
    counted_before = CountedPerson.objects.count()
    # IPA retires the exam with a last date before the recorded pass (a correction of the data)
    Exam.objects.filter(code="AP").update(valid_until=dt.date(2025, 3, 31), updated_at=timezone.now())

    rollup_run()

    assert counted_before == 1
    assert CountedPerson.objects.count() == 0
