"""Minimal valid rows of the learners app, and a small course with a quiz to learn on."""

from dataclasses import dataclass

import factory

from courses.models import Course, Lesson, Question, Quiz
from learners.models import Enrolment, LearnerProfile, LessonCompletion, SelfAssessment, TargetRole
from tests.core.factories import UserFactory
from tests.courses.factories import (
    ChoiceFactory,
    CourseFactory,
    LessonFactory,
    ModuleFactory,
    QuestionFactory,
    QuizFactory,
)


class LearnerProfileFactory(factory.django.DjangoModelFactory[LearnerProfile]):
    class Meta:
        model = LearnerProfile

    user = factory.SubFactory(UserFactory)
    prefecture = "13"
    age_band = LearnerProfile.AgeBand.THIRTIES
    employment_status = LearnerProfile.EmploymentStatus.EMPLOYED
    industry = LearnerProfile.Industry.IT_COMMUNICATIONS


class EnrolmentFactory(factory.django.DjangoModelFactory[Enrolment]):
    class Meta:
        model = Enrolment

    learner = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)


class LessonCompletionFactory(factory.django.DjangoModelFactory[LessonCompletion]):
    class Meta:
        model = LessonCompletion

    enrolment = factory.SubFactory(EnrolmentFactory)
    lesson = factory.SubFactory(LessonFactory)


class TargetRoleFactory(factory.django.DjangoModelFactory[TargetRole]):
    class Meta:
        model = TargetRole

    learner = factory.SubFactory(UserFactory)


class SelfAssessmentFactory(factory.django.DjangoModelFactory[SelfAssessment]):
    class Meta:
        model = SelfAssessment

    learner = factory.SubFactory(UserFactory)


@dataclass
class LearningCourse:
    """A published course: module 1 has a text and a video lesson and an optional link,
    module 2 has a quiz of two questions (pass mark 50%). `right`/`wrong` are choices per question."""

    course: Course
    text: Lesson
    video: Lesson
    optional: Lesson
    quiz_lesson: Lesson
    quiz: Quiz
    questions: list[Question]
    right: list[int]
    wrong: list[int]

    @property
    def required(self) -> list[Lesson]:
        return [self.text, self.video, self.quiz_lesson]


def learning_course(**course_fields: object) -> LearningCourse:
    course = CourseFactory.create(**course_fields)
    first = ModuleFactory.create(course=course, order=1, title_ja="導入")
    second = ModuleFactory.create(course=course, order=2, title_ja="確認")
    text = LessonFactory.create(
        module=first, order=1, kind=Lesson.Kind.TEXT, title_ja="読み物", body="本文です。"
    )
    video = LessonFactory.create(
        module=first, order=2, kind=Lesson.Kind.VIDEO, title_ja="動画", url="https://example.jp/video"
    )
    optional = LessonFactory.create(
        module=first, order=3, kind=Lesson.Kind.EXTERNAL_LINK, title_ja="参考", url="https://example.jp/ref",
        is_required=False,
    )  # fmt: skip
    quiz_lesson = LessonFactory.create(module=second, order=1, kind=Lesson.Kind.QUIZ, title_ja="確認テスト")
    quiz = QuizFactory.create(lesson=quiz_lesson, pass_mark=50)
    questions, right, wrong = [], [], []
    for order in (1, 2):
        question = QuestionFactory.create(quiz=quiz, order=order, text_ja=f"問{order}")
        right.append(ChoiceFactory.create(question=question, text_ja="正解", is_correct=True).pk)
        wrong.append(ChoiceFactory.create(question=question, text_ja="不正解").pk)
        questions.append(question)
    return LearningCourse(course, text, video, optional, quiz_lesson, quiz, questions, right, wrong)
