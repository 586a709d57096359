"""Minimal valid rows of the learners app, and a small course with a quiz to learn on."""

from dataclasses import dataclass

import factory
from allauth.account.models import EmailAddress

from core.models import User
from courses.models import Course, Lesson, Question, Quiz
from learners.models import Enrolment, LearnerProfile, LessonCompletion, SelfAssessment, TargetRole
from tests.courses.factories import (
    ChoiceFactory,
    CourseFactory,
    LessonFactory,
    ModuleFactory,
    QuestionFactory,
    QuizFactory,
)

PASSWORD = "a-long-test-password-2026"


class UserFactory(factory.django.DjangoModelFactory):
    """A learner whose e-mail address is verified, so they can sign in."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"learner{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.jp")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class LearnerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearnerProfile

    user = factory.SubFactory(UserFactory)
    prefecture = "13"
    age_band = LearnerProfile.AgeBand.THIRTIES
    employment_status = LearnerProfile.EmploymentStatus.EMPLOYED
    industry = LearnerProfile.Industry.IT_COMMUNICATIONS


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    learner = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)


class LessonCompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonCompletion

    enrolment = factory.SubFactory(EnrolmentFactory)
    lesson = factory.SubFactory(LessonFactory)


class TargetRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetRole

    learner = factory.SubFactory(UserFactory)


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
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
    course = CourseFactory(**course_fields)
    first = ModuleFactory(course=course, order=1, title_ja="導入")
    second = ModuleFactory(course=course, order=2, title_ja="確認")
    text = LessonFactory(module=first, order=1, kind=Lesson.Kind.TEXT, title_ja="読み物", body="本文です。")
    video = LessonFactory(
        module=first, order=2, kind=Lesson.Kind.VIDEO, title_ja="動画", url="https://example.jp/video"
    )
    optional = LessonFactory(
        module=first, order=3, kind=Lesson.Kind.EXTERNAL_LINK, title_ja="参考", url="https://example.jp/ref",
        is_required=False,
    )  # fmt: skip
    quiz_lesson = LessonFactory(module=second, order=1, kind=Lesson.Kind.QUIZ, title_ja="確認テスト")
    quiz = QuizFactory(lesson=quiz_lesson, pass_mark=50)
    questions, right, wrong = [], [], []
    for order in (1, 2):
        question = QuestionFactory(quiz=quiz, order=order, text_ja=f"問{order}")
        right.append(ChoiceFactory(question=question, text_ja="正解", is_correct=True).pk)
        wrong.append(ChoiceFactory(question=question, text_ja="不正解").pk)
        questions.append(question)
    return LearningCourse(course, text, video, optional, quiz_lesson, quiz, questions, right, wrong)
