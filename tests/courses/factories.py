"""Minimal valid rows of the courses app. Roles, skills and levels come from the loaded standard
(use the `standard` fixture): `course_target(...)` and `course_skill(...)` attach them by slug."""

from decimal import Decimal

import factory

from courses.models import Choice, Course, CourseRole, CourseSkill, Lesson, Module, Provider, Question, Quiz
from skills.models import Level, Role, Skill

CURRENT = "dss-p-1.2"


class ProviderFactory(factory.django.DjangoModelFactory[Provider]):
    class Meta:
        model = Provider
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"provider-{n}")
    name_ja = factory.Sequence(lambda n: f"提供者{n}")
    name_en = factory.Sequence(lambda n: f"Provider {n}")
    kind = Provider.Kind.TRAINING_COMPANY


class CourseFactory(factory.django.DjangoModelFactory[Course]):
    """A published online course (published so that the catalogue shows it unless a test says otherwise)."""

    class Meta:
        model = Course

    slug = factory.Sequence(lambda n: f"course-{n}")
    title_ja = factory.Sequence(lambda n: f"講座{n}")
    title_en = factory.Sequence(lambda n: f"Course {n}")
    provider = factory.SubFactory(ProviderFactory)
    format = Course.Format.ONLINE
    hours = Decimal("10.0")
    price_yen = 10000
    level = Course.Level.BEGINNER
    is_published = True


class ModuleFactory(factory.django.DjangoModelFactory[Module]):
    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    order = factory.Sequence(lambda n: n + 1)
    title_ja = factory.Sequence(lambda n: f"モジュール{n}")


class LessonFactory(factory.django.DjangoModelFactory[Lesson]):
    class Meta:
        model = Lesson

    module = factory.SubFactory(ModuleFactory)
    order = factory.Sequence(lambda n: n + 1)
    title_ja = factory.Sequence(lambda n: f"レッスン{n}")
    kind = Lesson.Kind.TEXT


class QuizFactory(factory.django.DjangoModelFactory[Quiz]):
    class Meta:
        model = Quiz

    lesson = factory.SubFactory(LessonFactory, kind=Lesson.Kind.QUIZ)


class QuestionFactory(factory.django.DjangoModelFactory[Question]):
    class Meta:
        model = Question

    quiz = factory.SubFactory(QuizFactory)
    order = factory.Sequence(lambda n: n + 1)
    text_ja = "正しいものはどれですか。"


class ChoiceFactory(factory.django.DjangoModelFactory[Choice]):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    text_ja = "選択肢"


def level(code: str, version: str = CURRENT) -> Level:
    return Level.objects.get(version__slug=version, slug=code)


def course_target(course: Course, role: str, level_code: str = "b") -> CourseRole:
    """Make the course target a role of the current version (by slug) at a level."""
    return CourseRole.objects.create(
        course=course, role=Role.objects.get(version__slug=CURRENT, slug=role), level=level(level_code)
    )


def course_skill(course: Course, skill: str, level_code: str = "c") -> CourseSkill:
    """Make the course build a skill of the current version (by slug) to a level."""
    return CourseSkill.objects.create(
        course=course, skill=Skill.objects.get(version__slug=CURRENT, slug=skill), level=level(level_code)
    )
