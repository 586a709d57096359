"""Reads of the course catalogue for pages, the API and admin. Only published courses are public."""

import operator
from functools import reduce

from django.db import connection
from django.db.models import Case, ExpressionWrapper, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import get_language

from .models import Course, CourseRole, CourseSkill, Lesson, Module

ORDERINGS = ("relevance", "newest", "title", "hours", "price")
TITLE_FIELDS = ("title_ja", "title_en")
SUMMARY_FIELDS = ("summary_ja", "summary_en")
SEARCH_FIELDS = TITLE_FIELDS + SUMMARY_FIELDS


def _in_any(term: str, fields: tuple[str, ...]) -> Q:
    match = Q()
    for field in fields:
        match |= Q(**{f"{field}__icontains": term})
    return match


def _keyword_match(query: str) -> Q:
    """Every whitespace-separated term (full-width spaces too) in a title or summary of either language."""
    match = Q()
    for term in query.split():
        match &= _in_any(term, SEARCH_FIELDS)
    return match


def _title_relevance(query: str) -> ExpressionWrapper:
    """Substring relevance, the part that works for Japanese: per term 2 when a title contains it,
    1 when only a summary does, summed over the terms. A title match outranks a summary-only one."""
    scores = [
        Case(
            When(_in_any(term, TITLE_FIELDS), then=Value(2)),
            When(_in_any(term, SUMMARY_FIELDS), then=Value(1)),
            default=Value(0),
        )
        for term in query.split()
    ]
    return ExpressionWrapper(reduce(operator.add, scores, Value(0)), output_field=IntegerField())


def _search(courses: QuerySet[Course], query: str) -> QuerySet[Course]:
    """Full-text search on PostgreSQL, substring search elsewhere; annotates the relevance.

    PostgreSQL has no Japanese parser: its 'simple' configuration finds English words but not
    words inside Japanese text (written without spaces), so the substring match covers Japanese.
    `relevance` is the substring score of `_title_relevance`; on PostgreSQL `search_rank` is
    SearchRank over the titles (weight A) and summaries (weight B), which orders within it.
    """
    courses = courses.annotate(relevance=_title_relevance(query))
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*TITLE_FIELDS, config="simple", weight="A") + SearchVector(
            *SUMMARY_FIELDS, config="simple", weight="B"
        )
        search_query = SearchQuery(query, config="simple", search_type="websearch")
        courses = courses.annotate(search=vector, search_rank=SearchRank(vector, search_query))
        return courses.filter(Q(search=search_query) | _keyword_match(query))
    return courses.filter(_keyword_match(query))


def _ordered(courses: QuerySet[Course], ordering: str, *, searched: bool) -> QuerySet[Course]:
    if ordering == "relevance" and searched:
        by_rank = ("-search_rank",) if connection.vendor == "postgresql" else ()
        return courses.order_by("-relevance", *by_rank, "-created_at", "-pk")
    if ordering == "title":
        if (get_language() or "ja").startswith("en"):
            # English titles are optional: fall back to the Japanese one, as `Course.title` does.
            english_or_japanese = Coalesce(NullIf("title_en", Value("")), "title_ja")
            return courses.annotate(sort_title=Lower(english_or_japanese)).order_by("sort_title", "slug")
        return courses.order_by("title_ja", "slug")
    if ordering == "hours":
        return courses.order_by("hours", "slug")
    if ordering == "price":
        return courses.order_by("price_yen", "slug")
    return courses.order_by("-created_at", "-pk")


def _published() -> QuerySet[Course]:
    return Course.objects.filter(is_published=True).select_related("provider")


def _target_roles() -> Prefetch:
    return Prefetch(
        "course_roles",
        queryset=CourseRole.objects.select_related("role__hr_type", "level").order_by("role__order"),
    )


def course_list(
    *,
    query: str = "",
    hr_type: str | None = None,
    role: str | None = None,
    category: str | None = None,
    level: str | None = None,
    is_free: bool | None = None,
    format: str | None = None,
    prefecture: str | None = None,
    language: str | None = None,
    ordering: str | None = None,
) -> QuerySet[Course]:
    """Published courses matching every given filter, with provider and target roles prefetched.

    Public data, no actor. `hr_type`, `role` and `category` are slugs of the standard;
    `query` is a keyword search over titles and summaries in both languages. With a query the
    default ordering is "relevance" (title matches before summary-only matches, then the full-text
    rank on PostgreSQL, then newest); without one it is newest first, and so is "relevance".
    Unknown orderings fall back to newest first. Each course appears once.
    """
    courses = _published()
    searched = bool(query.strip())
    if searched:
        courses = _search(courses, query)
    if role:
        courses = courses.filter(pk__in=CourseRole.objects.filter(role__slug=role).values("course"))
    if hr_type:
        courses = courses.filter(
            pk__in=CourseRole.objects.filter(role__hr_type__slug=hr_type).values("course")
        )
    if category:
        courses = courses.filter(
            pk__in=CourseSkill.objects.filter(skill__subcategory__category__slug=category).values("course")
        )
    if level:
        courses = courses.filter(level=level)
    if is_free is True:
        courses = courses.filter(price_yen=0)
    elif is_free is False:
        courses = courses.filter(price_yen__gt=0)
    if format:
        courses = courses.filter(format=format)
    if prefecture:
        courses = courses.filter(prefecture=prefecture)
    if language:
        courses = courses.filter(language=language)
    if ordering is None:
        ordering = "relevance" if searched else "newest"
    return _ordered(courses.prefetch_related(_target_roles()), ordering, searched=searched)


def course_slug_for_activity(*, course_uuid: str) -> str | None:
    """The slug of the published course an xAPI activity IRI names (its UUID), or None."""
    return _published().filter(uuid=course_uuid).values_list("slug", flat=True).first()


def course_get(*, slug: str) -> Course | None:
    """One published course with its roles, skills, modules and lessons prefetched, or None."""
    return (
        _published()
        .prefetch_related(
            _target_roles(),
            Prefetch(
                "course_skills",
                queryset=CourseSkill.objects.select_related("skill__subcategory__category", "level").order_by(
                    "skill__order"
                ),
            ),
            Prefetch(
                "modules",
                queryset=Module.objects.order_by("order").prefetch_related(
                    Prefetch("lessons", queryset=Lesson.objects.order_by("order"))
                ),
            ),
        )
        .filter(slug=slug)
        .first()
    )
