"""Portal pages of the Digital Skill Standard."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors
from .models import StandardVersion


def _version_or_404(request: HttpRequest, part: str = StandardVersion.Part.PROMOTION) -> StandardVersion:
    try:
        return selectors.standard_version_get(version=request.GET.get("version"), part=part)
    except selectors.UnknownVersionError as error:
        raise Http404(error.message) from error


def standard_index(request: HttpRequest) -> HttpResponse:
    """/skills/: the five human-resource types, each with its roles."""
    version = _version_or_404(request)
    return render(
        request,
        "skills/index.html",
        {
            "version": version,
            "versions": selectors.standard_version_list(),
            "hr_types": selectors.hr_type_list(version=version),
        },
    )


def role_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A role's required skills and levels as a matrix grouped by category."""
    version = _version_or_404(request)
    role = selectors.role_get(version=version, slug=slug)
    if role is None:
        raise Http404
    rows = selectors.role_matrix(role=role)
    requirements = [row.requirement for row in rows if row.requirement]
    return render(
        request,
        "skills/role_detail.html",
        {
            "version": version,
            "role": role,
            "rows": rows,
            "levels": version.levels.exclude(rank=None).order_by("rank"),
            "all_levels": version.levels.all(),
            "is_provisional": any(r.is_provisional for r in requirements),
            "required_count": len(requirements),
        },
    )


def skill_list(request: HttpRequest) -> HttpResponse:
    """The common skill list (共通スキルリスト) of a version."""
    version = _version_or_404(request)
    return render(
        request,
        "skills/skill_list.html",
        {
            "version": version,
            "versions": selectors.standard_version_list(),
            "categories": selectors.category_tree(version=version),
        },
    )


def literacy(request: HttpRequest) -> HttpResponse:
    """The DX literacy standard (DXリテラシー標準)."""
    version = _version_or_404(request, part=StandardVersion.Part.LITERACY)
    return render(
        request,
        "skills/literacy.html",
        {"version": version, "areas": selectors.literacy_area_list(version=version)},
    )
