"""The demo lessons carry real content: every lesson says more than its title, every skill lesson
has a figure or a code sample, and every quiz question's correct answer is stated in the course's
lessons (so the quiz tests what the course teaches)."""

import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from courses import demo
from courses.demo_lessons import SKILL_LESSONS
from courses.lesson_body import Code, Figure, Paragraphs, lesson_blocks
from courses.models import Choice, Course, Lesson, Question
from learners.services import enrolment_create
from tests.learners.factories import LearnerProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(standard):
    demo.seed(io.StringIO())


def _lessons(course: Course) -> list[Lesson]:
    return list(Lesson.objects.filter(module__course=course).order_by("module__order", "order"))


def test_every_demo_lesson_has_content_beyond_its_title(seeded):
    lessons = Lesson.objects.filter(module__course__is_demo=True)

    assert lessons.count() == 271
    for lesson in lessons:
        text = lesson.body.replace(lesson.title_ja, "").strip()
        assert len(text) >= 60, (lesson.module.course.slug, lesson.title_ja)


def test_every_skill_lesson_has_a_figure_or_a_code_sample_and_every_figure_exists(seeded):
    skill_lessons = Lesson.objects.filter(
        module__course__is_demo=True, module__order=2, kind=Lesson.Kind.TEXT
    )

    assert skill_lessons.count() == 86
    for lesson in skill_lessons:
        blocks = lesson_blocks(lesson.body)
        assert any(isinstance(block, Figure | Code) for block in blocks), lesson.title_ja
        assert isinstance(blocks[0], Paragraphs), lesson.title_ja
        # A figure line that did not become a figure (a missing file) would stay in the text.
        assert not any(isinstance(b, Paragraphs) and "![" in b.text for b in blocks), lesson.title_ja
        for figure in (block for block in blocks if isinstance(block, Figure)):
            assert finders.find(figure.path) is not None
            assert len(figure.alt) >= 20, figure.path


def test_every_quiz_answer_is_stated_in_a_lesson_of_its_course(seeded):
    questions = Question.objects.filter(quiz__lesson__module__course__is_demo=True).select_related(
        "quiz__lesson__module__course"
    )

    assert questions.count() == 33 + 86  # the role's type, then one question per skill lesson
    for question in questions:
        course = question.quiz.lesson.module.course
        taught = "\n".join(lesson.body for lesson in _lessons(course) if lesson.kind != Lesson.Kind.QUIZ)
        choices = list(question.choices.all())
        correct = [choice for choice in choices if choice.is_correct]
        assert len(choices) == 3, question.text_ja
        assert len(correct) == 1, question.text_ja
        assert correct[0].text_ja in taught, (course.slug, question.text_ja)
        assert question.text_en
        assert all(choice.text_en for choice in choices)


def test_the_correct_answer_is_not_always_in_the_same_place(seeded):
    places = [
        [choice.is_correct for choice in question.choices.all()].index(True)
        for question in Question.objects.filter(quiz__lesson__module__course__is_demo=True)
    ]

    assert {place: places.count(place) for place in (0, 1, 2)} == {0: 39, 1: 39, 2: 41}


def test_every_skill_of_the_demo_courses_has_a_lesson_whose_answer_is_in_its_text(seeded):
    taught = set(Course.objects.filter(is_demo=True).values_list("course_skills__skill__slug", flat=True))

    assert taught == set(SKILL_LESSONS)
    for slug, content in SKILL_LESSONS.items():
        assert content.answer[0] in content.body, slug
        assert all(wrong[0] != content.answer[0] for wrong in content.wrong), slug


def test_the_intro_lesson_states_the_outline_and_the_roles_type(seeded):
    course = Course.objects.get(slug="sql-data-modelling-basics")
    intro = _lessons(course)[0]

    assert intro.title_ja == "この講座の進め方"
    assert intro.body.splitlines()[0] == (
        "「SQLとデータモデリングの基礎」は、3つの章と8つのレッスンで構成されています。学習時間の目安は15時間です。"
    )
    assert "の5つの人材類型と、15のロールを定めています。" in intro.body
    assert "ロール「データエンジニア」は、人材類型「データサイエンティスト」に属します。" in intro.body
    assert "最後の確認テストは3問で、60%以上の正答で合格です。" in intro.body


def test_seeding_brings_an_earlier_outline_to_the_current_content(seeded):
    # Given a demo course as an earlier version of the seed wrote it: title-only bodies, other choices
    lesson = Lesson.objects.get(module__course__slug="statistics-with-python", module__order=2, order=1)
    expected_body = lesson.body
    lesson.body = f"{lesson.title_ja}\n\n統計"
    lesson.save()
    question = Question.objects.get(quiz__lesson__module__course__slug="statistics-with-python", order=2)
    stale = Choice.objects.create(question=question, text_ja="古い選択肢", is_correct=True)

    # When the seed runs again
    out = io.StringIO()
    demo.seed(out)

    # Then the lesson and the quiz are the current ones, and a further run changes nothing
    lesson.refresh_from_db()
    assert lesson.body == expected_body
    assert not Choice.objects.filter(pk=stale.pk).exists()
    assert "0 rows created, 1 updated," in out.getvalue()
    again = io.StringIO()
    demo.seed(again)
    assert "0 rows created, 0 updated," in again.getvalue()


def test_the_lesson_page_shows_the_figure_and_the_code_sample(seeded):
    profile = LearnerProfileFactory()
    learner = profile.user
    course = Course.objects.get(slug="dx-new-business-practice")
    enrolment_create(learner=learner, course=course)
    canvas = Lesson.objects.get(module__course=course, title_ja="ビジネスモデル設計の基本")
    client = Client()
    client.force_login(learner)

    page = client.get(f"/learn/{course.slug}/lessons/{canvas.pk}/").content.decode()

    assert re.search(
        r'<figure class="lesson-figure"><img src="/static/img/lessons/business-model-canvas\.svg" '
        r'alt="ビジネスモデル・キャンバスの9つの要素の配置。[^"]+"><figcaption>図：ビジネスモデル・キャンバス</figcaption></figure>',
        page,
    )
    assert "<p>ビジネスモデルとは、誰にどんな価値を届け" in page
    assert "![" not in page


@pytest.mark.parametrize(("number", "written"), [(1, "1つ"), (8, "8つ"), (9, "9つ"), (10, "10"), (15, "15")])
def test_a_count_before_no_takes_tsu_up_to_nine(number, written):
    assert demo._japanese_count(number) == written
