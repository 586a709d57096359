"""Writes to the skill standard: loading a version file and a role × skill level matrix.

Both loaders validate the whole input first and then write in one transaction, so a bad file
changes nothing; both are idempotent (a second run with the same input updates no row).
"""

import datetime
import uuid
from collections import Counter
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Model

from core.exceptions import ApplicationError
from core.reference import LoadReport, reference_upsert

from .models import (
    HumanResourceType,
    Level,
    LiteracyArea,
    LiteracyItem,
    Role,
    RoleSkillRequirement,
    Skill,
    SkillCategory,
    SkillSubcategory,
    StandardVersion,
    Verification,
)

# Namespace of every stable identifier (uuid5) of the standard: the same slug path gives the
# same UUID in every database and on every run, which CASE consumers rely on.
STANDARD_NAMESPACE = uuid.UUID("6f0c3a4e-6a39-4d8e-9c1c-6b3f0d5b2a11")
LEVEL_CODES = ("a", "b", "c", "d", "z")
PARTS = {choice.value for choice in StandardVersion.Part}
VERIFICATIONS = {choice.value for choice in Verification}


def stable_uuid(*path: str) -> uuid.UUID:
    """The stable identifier of a row of the standard, from its version and slug path."""
    return uuid.uuid5(STANDARD_NAMESPACE, "/".join(path))


class _Checker:
    """Collects every problem of a standard file, each naming its entry."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, where: str, problem: str) -> None:
        self.errors.append(f"{where}: {problem}")

    def named_row(self, row: Any, where: str, seen: set[str]) -> str | None:
        if not isinstance(row, dict):
            self.fail(where, "must be a mapping")
            return None
        slug = row.get("slug")
        if not slug or not isinstance(slug, str):
            self.fail(where, "missing slug")
            return None
        where = f"{where} '{slug}'"
        if slug in seen:
            self.fail(where, "duplicate slug")
        seen.add(slug)
        if not isinstance(row.get("name_ja") or "", str):
            self.fail(where, "Japanese name (name_ja) must be text")
        elif not (row.get("name_ja") or "").strip():
            self.fail(where, "missing Japanese name (name_ja)")
        if not isinstance(row.get("name_en") or "", str):
            self.fail(where, "English name (name_en) must be text")
        if row.get("verification", "unverified") not in VERIFICATIONS:
            self.fail(where, f"unknown verification '{row.get('verification')}'")
        if not isinstance(row.get("sources", []), list):
            self.fail(where, "sources must be a list")
        return slug


def _parse_date(value: Any) -> tuple[datetime.date, str]:
    """'2024-07' (month precision) or '2022-12-21' (day precision)."""
    text = str(value)
    if len(text) == 7:
        return datetime.date.fromisoformat(f"{text}-01"), StandardVersion.DatePrecision.MONTH
    return datetime.date.fromisoformat(text), StandardVersion.DatePrecision.DAY


def standard_file_validate(data: Any) -> list[str]:
    """Every problem of a parsed standard file, as 'entry: problem' lines (empty when valid)."""
    check = _Checker()
    if not isinstance(data, dict) or not isinstance(data.get("versions"), list) or not data["versions"]:
        return ["file: must have a non-empty 'versions' list"]
    version_slugs: set[str] = set()
    current_parts: Counter = Counter()
    for i, version in enumerate(data["versions"], start=1):
        vslug = check.named_row(version, f"version #{i}", version_slugs)
        if vslug is None:
            continue
        where = f"version '{vslug}'"
        if version.get("part") not in PARTS:
            check.fail(where, f"unknown part '{version.get('part')}'")
        if not version.get("version"):
            check.fail(where, "missing version")
        try:
            _parse_date(version.get("published_on"))
        except (TypeError, ValueError):
            check.fail(where, f"bad publication date '{version.get('published_on')}'")
        if version.get("is_current"):
            current_parts[version.get("part")] += 1
        type_slugs: set[str] = set()
        for t in version.get("types", []):
            check.named_row(t, f"{where} type", type_slugs)
        role_slugs: set[str] = set()
        for r in version.get("roles", []):
            rslug = check.named_row(r, f"{where} role", role_slugs)
            if rslug and r.get("type") not in type_slugs:
                check.fail(f"{where} role '{rslug}'", f"unknown type '{r.get('type')}'")
        level_codes: set[str] = set()
        for lv in version.get("levels", []):
            row = {"slug": lv.get("code"), **lv} if isinstance(lv, dict) else lv
            code = check.named_row(row, f"{where} level", level_codes)
            if code and code not in LEVEL_CODES:
                check.fail(
                    f"{where} level '{code}'",
                    f"unknown level code (expected one of {', '.join(LEVEL_CODES)})",
                )
        cat_slugs: set[str] = set()
        sub_slugs: set[str] = set()
        skill_slugs: set[str] = set()
        for c in version.get("categories", []):
            if check.named_row(c, f"{where} category", cat_slugs) is None:
                continue
            for s in c.get("subcategories", []):
                if check.named_row(s, f"{where} sub-category", sub_slugs) is None:
                    continue
                for k in s.get("skills", []):
                    check.named_row(k, f"{where} skill", skill_slugs)
        area_slugs: set[str] = set()
        item_slugs: set[str] = set()
        for a in version.get("literacy_areas", []):
            if check.named_row(a, f"{where} literacy area", area_slugs) is None:
                continue
            for item in a.get("items", []):
                check.named_row(item, f"{where} literacy item", item_slugs)
    for part, count in current_parts.items():
        if count > 1:
            check.fail(f"part '{part}'", f"{count} versions are marked current; at most one may be")
    return check.errors


# --- loading --------------------------------------------------------------------------------


def _provenance(row: dict) -> dict[str, Any]:
    return {
        "verification": row.get("verification", Verification.UNVERIFIED),
        "sources": list(row.get("sources", [])),
        "provenance_note": row.get("note", ""),
    }


M = TypeVar("M", bound=Model)


def _upsert(model: type[M], *, report: LoadReport, lookup: dict[str, Any], values: dict[str, Any]) -> M:
    """core.reference.reference_upsert for rows of a file standard_file_validate has checked whole."""
    return reference_upsert(model, lookup=lookup, values=values, report=report, validate=False)


def _row_values(row: dict, order: int, *path: str) -> dict[str, Any]:
    return {
        "uuid": stable_uuid(*path),
        "name_ja": row["name_ja"].strip(),
        "name_en": (row.get("name_en") or "").strip(),
        "order": order,
        **_provenance(row),
    }


@transaction.atomic
def standard_load(*, data: dict) -> LoadReport:
    """Load or update every version in a parsed standard file.

    Validates the whole file first and raises ApplicationError listing every problem, writing
    nothing. Idempotent: the same file twice creates and updates nothing the second time.
    Rows missing from the file are kept (courses may refer to them). Superuser-level operation.
    """
    errors = standard_file_validate(data)
    if errors:
        raise ApplicationError(
            "The standard file is invalid:\n" + "\n".join(errors), extra={"errors": errors}
        )
    report = LoadReport()
    # The one-current-per-part constraint must hold at every write: clear the flag of current
    # versions the file leaves out, then load the versions it marks not current before the current
    # ones. Each flag change is an update the report counts and updated_at records.
    in_file = {version["slug"] for version in data["versions"]}
    for version in data["versions"]:
        if version.get("is_current"):
            stale = StandardVersion.objects.filter(part=version["part"], is_current=True)
            for old in stale.exclude(slug__in=in_file):
                old.is_current = False
                old.save(update_fields=["is_current", "updated_at"])
                report.updated["standardversion"] += 1
    for version in sorted(data["versions"], key=lambda v: bool(v.get("is_current"))):
        _version_load(version, report)
    return report


def _version_load(row: dict, report: LoadReport) -> None:
    vslug = row["slug"]
    published_on, precision = _parse_date(row["published_on"])
    version = _upsert(
        StandardVersion,
        report=report,
        lookup={"slug": vslug},
        values={
            "uuid": stable_uuid(vslug),
            "part": row["part"],
            "name_ja": row["name_ja"],
            "name_en": row.get("name_en") or "",
            "version": str(row["version"]),
            "published_on": published_on,
            "published_on_precision": precision,
            "is_current": bool(row.get("is_current")),
            "roles_known": bool(row.get("roles_known", True)),
            **_provenance(row),
        },
    )
    types = {}
    for i, t in enumerate(row.get("types", [])):
        types[t["slug"]] = _upsert(
            HumanResourceType,
            report=report,
            lookup={"version": version, "slug": t["slug"]},
            values=_row_values(t, i, vslug, "type", t["slug"]),
        )
    for i, r in enumerate(row.get("roles", [])):
        values = _row_values(r, i, vslug, "role", r["slug"]) | {"hr_type": types[r["type"]]}
        _upsert(Role, report=report, lookup={"version": version, "slug": r["slug"]}, values=values)
    for i, lv in enumerate(row.get("levels", [])):
        code = lv["code"]
        values = _row_values(lv, i, vslug, "level", code) | {"rank": lv.get("rank")}
        _upsert(Level, report=report, lookup={"version": version, "slug": code}, values=values)
    skill_order = 0
    for ci, c in enumerate(row.get("categories", [])):
        category = _upsert(
            SkillCategory,
            report=report,
            lookup={"version": version, "slug": c["slug"]},
            values=_row_values(c, ci, vslug, "category", c["slug"]),
        )
        for si, s in enumerate(c.get("subcategories", [])):
            values = _row_values(s, si, vslug, "subcategory", s["slug"]) | {"category": category}
            sub = _upsert(
                SkillSubcategory, report=report, lookup={"version": version, "slug": s["slug"]}, values=values
            )
            for k in s.get("skills", []):
                values = _row_values(k, skill_order, vslug, "skill", k["slug"]) | {"subcategory": sub}
                _upsert(Skill, report=report, lookup={"version": version, "slug": k["slug"]}, values=values)
                skill_order += 1
    item_order = 0
    for ai, a in enumerate(row.get("literacy_areas", [])):
        area = _upsert(
            LiteracyArea,
            report=report,
            lookup={"version": version, "slug": a["slug"]},
            values=_row_values(a, ai, vslug, "literacy", a["slug"]),
        )
        for item in a.get("items", []):
            values = _row_values(item, item_order, vslug, "literacy-item", item["slug"]) | {"area": area}
            _upsert(
                LiteracyItem, report=report, lookup={"version": version, "slug": item["slug"]}, values=values
            )
            item_order += 1


@transaction.atomic
def role_skill_matrix_load(
    *, version: StandardVersion, rows: Iterable[dict[str, str]], is_provisional: bool, source: str
) -> LoadReport:
    """Replace the role × skill level matrix of a version with the given rows.

    Each row has 'role', 'skill' and 'level' (slugs and a level code of that version). Every
    row is checked first; any problem raises ApplicationError naming the row (line numbers
    count the header as line 1) and nothing changes. Pairs absent from the rows are deleted,
    so loading the official matrix replaces a provisional one whole. Idempotent.
    """
    roles = {r.slug: r for r in version.roles.all()}
    skills = {s.slug: s for s in version.skills.all()}
    levels = {lv.slug: lv for lv in version.levels.all()}
    errors: list[str] = []
    wanted: dict[tuple[str, str], Level] = {}
    for line, row in enumerate(rows, start=2):
        role_slug, skill_slug, code = (str(row.get(k) or "").strip() for k in ("role", "skill", "level"))
        where = f"line {line} ({role_slug or '?'}, {skill_slug or '?'})"
        if role_slug not in roles:
            errors.append(f"{where}: unknown role '{role_slug}'")
        if skill_slug not in skills:
            errors.append(f"{where}: unknown skill '{skill_slug}'")
        if code not in levels:
            errors.append(
                f"{where}: unknown level code '{code}' (expected one of {', '.join(sorted(levels))})"
            )
        if (role_slug, skill_slug) in wanted:
            errors.append(f"{where}: duplicate role and skill pair")
        if code in levels:
            wanted[(role_slug, skill_slug)] = levels[code]
    if not wanted and not errors:
        errors.append("file: no rows")
    if errors:
        raise ApplicationError("The matrix file is invalid:\n" + "\n".join(errors), extra={"errors": errors})
    report = LoadReport()
    existing = RoleSkillRequirement.objects.filter(role__version=version).select_related(
        "role", "skill", "level"
    )
    for requirement in existing:
        if (requirement.role.slug, requirement.skill.slug) not in wanted:
            requirement.delete()
            report.deleted["roleskillrequirement"] += 1
    for (role_slug, skill_slug), level in wanted.items():
        _upsert(
            RoleSkillRequirement,
            report=report,
            lookup={"role": roles[role_slug], "skill": skills[skill_slug]},
            values={
                "uuid": stable_uuid(version.slug, "requirement", role_slug, skill_slug),
                "level": level,
                "is_provisional": is_provisional,
                "source": source,
            },
        )
    return report
