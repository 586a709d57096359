"""The reads of the CASE 1.1 service (1EdTech CASE 1.1 REST/JSON binding, /ims/case/v1p1/): the
published documents, their packages and every object of a package by its identifier.

Single objects are taken from their version's package (skills.case), so an object's JSON is the one
in the package, plus the links the binding gives an object served alone: `CFPackageURI` on a
CFDocument, `CFDocumentURI` on a CFItem and a CFAssociation.

Packages are cached (Django's cache) per version under a fingerprint of every row the package is
built from (count and latest change of each table of the version, one query for all versions), of
PLATFORM_BASE_URL and of the builder's source: any change to the standard, the address or the code
gives new keys, never a stale package. A warm lookup costs that one query.

Failures raise CaseError, which the views answer with the binding's imsx_StatusInfo payload.
"""

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, DateTimeField, IntegerField, Max, Model, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError

from . import case
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
)
from .selectors import case_service_uri

# imsx_codeMinorFieldValue: the binding's vocabulary (as OpenSALT, the reference implementation, has it)
UNKNOWN_OBJECT = "unknownobject"
INVALID_UUID = "invaliduuid"
INVALID_SELECTION = "invalid_selection_field"
INVALID_SORT = "invalid_sort_field"
FORBIDDEN = "forbidden"
UNAUTHORISED = "unauthorisedrequest"
SERVER_BUSY = "server_busy"
INTERNAL_ERROR = "internal_server_error"

DEFAULT_LIMIT = 100
CACHE_SECONDS = 24 * 60 * 60
# The builder's own source is part of every cache key: a deploy that changes the packages' JSON
# never serves a package cached by the previous code (the cache outlives processes).
_BUILDER = hashlib.sha256(Path(case.__file__).read_bytes()).hexdigest()[:12]
# Every table a package is built from, with the path from its rows to their version.
_ROWS: dict[str, tuple[type[Model], str]] = {
    "types": (HumanResourceType, "version"),
    "roles": (Role, "version"),
    "categories": (SkillCategory, "version"),
    "subcategories": (SkillSubcategory, "version"),
    "skills": (Skill, "version"),
    "levels": (Level, "version"),
    "requirements": (RoleSkillRequirement, "role__version"),
    "areas": (LiteracyArea, "version"),
    "literacy_items": (LiteracyItem, "version"),
}
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")
_PREDICATE = re.compile(r"\s*(?P<field>[A-Za-z]+)\s*(?P<op>!=|>=|<=|=|>|<|~)\s*'(?P<value>[^']*)'\s*")
# CFDocument fields a list can be sorted and filtered on (each a string); `fields` may also name these
SORTABLE_FIELDS = (
    "identifier",
    "uri",
    "frameworkType",
    "caseVersion",
    "creator",
    "publisher",
    "title",
    "description",
    "language",
    "version",
    "adoptionStatus",
    "statusStartDate",
    "officialSourceURL",
    "lastChangeDateTime",
    "notes",
)
DOCUMENT_FIELDS = (*SORTABLE_FIELDS, "CFPackageURI")


class CaseError(ApplicationError):
    """An answer of the CASE service other than 200: its HTTP status and imsx_StatusInfo fields."""

    def __init__(self, message: str, *, status: int, code_minor: str, field: str = "sourcedId") -> None:
        super().__init__(message)
        self.status = status
        self.code_minor = code_minor
        self.field = field

    def status_info(self) -> dict[str, Any]:
        return imsx_status_info(description=self.message, code_minor=self.code_minor, field=self.field)


def imsx_status_info(*, description: str, code_minor: str, field: str = "sourcedId") -> dict[str, Any]:
    """The binding's error payload (imsx_StatusInfo): code major `failure`, severity `error`, and one
    code minor field naming what was wrong (`sourcedId`, or the query parameter)."""
    return {
        "imsx_codeMajor": "failure",
        "imsx_severity": "error",
        "imsx_description": description,
        "imsx_codeMinor": {
            "imsx_codeMinorField": [
                {"imsx_codeMinorFieldName": field, "imsx_codeMinorFieldValue": code_minor}
            ]
        },
    }


def case_identifier_parse(*, sourced_id: str) -> str:
    """The identifier in canonical form (lower case); anything but 8-4-4-4-12 hexadecimal digits is
    the binding's 404 `invaliduuid`."""
    if not _UUID.fullmatch(sourced_id):
        raise CaseError(
            _("'%(value)s' is not a UUID (8-4-4-4-12 hexadecimal digits).") % {"value": sourced_id[:40]},
            status=404,
            code_minor=INVALID_UUID,
        )
    return sourced_id.lower()


def _not_found(kind: str, identifier: str, version_slug: str | None) -> CaseError:
    if version_slug is None:
        message = _("No %(kind)s has the identifier %(identifier)s.")
    else:
        message = _("No %(kind)s of %(version)s has the identifier %(identifier)s.")
    return CaseError(
        message % {"kind": kind, "identifier": identifier, "version": version_slug},
        status=404,
        code_minor=UNKNOWN_OBJECT,
    )


# --- the published versions and their cached packages -------------------------------------------


@functools.cache
def _fingerprinted() -> QuerySet[StandardVersion]:
    """The versions, each annotated with the count and latest change of every table its package is
    built from. Built once (constructing its 18 subqueries costs more than running them); every use
    filters a clone, never this queryset itself."""
    annotations: dict[str, Subquery] = {}
    for name, (model, path) in _ROWS.items():
        rows = model._default_manager.filter(**{path: OuterRef("pk")}).order_by().values(path)
        annotations[f"case_{name}_count"] = Subquery(
            rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()
        )
        annotations[f"case_{name}_changed"] = Subquery(
            rows.annotate(last=Max("updated_at")).values("last"), output_field=DateTimeField()
        )
    return StandardVersion.objects.annotate(**annotations).order_by("part", "-published_on", "slug")


def _versions(*, version_slug: str | None = None, identifier: str | None = None) -> list[StandardVersion]:
    """Every version, or the one named by slug or document identifier, fingerprinted. One query."""
    versions = _fingerprinted().all()
    if version_slug is not None:
        versions = versions.filter(slug=version_slug)
    if identifier is not None:
        versions = versions.filter(uuid=identifier)
    return list(versions)


def _cache_key(version: StandardVersion) -> str:
    state = [version.pk, version.updated_at.isoformat(), settings.PLATFORM_BASE_URL]
    for name in _ROWS:
        changed = getattr(version, f"case_{name}_changed")
        state += [getattr(version, f"case_{name}_count"), changed.isoformat() if changed else None]
    fingerprint = hashlib.sha256(repr(state).encode()).hexdigest()[:24]
    return f"skills:case:{_BUILDER}:{version.pk}:{fingerprint}"


def _packages(versions: list[StandardVersion]) -> list[tuple[StandardVersion, dict[str, Any]]]:
    """The package of each version: from the cache, the missing ones built and stored."""
    keys = {version.pk: _cache_key(version) for version in versions}
    cached = cache.get_many(list(keys.values()))
    built = {}
    for version in versions:
        if keys[version.pk] not in cached:
            built[keys[version.pk]] = case.case_package_build(version=version)
    if built:
        cache.set_many(built, CACHE_SECONDS)
    packages = cached | built
    return [(version, packages[keys[version.pk]]) for version in versions]


def _find(
    collection: str, kind: str, identifier: str, version_slug: str | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the object, its package) of the identifier in one collection of the packages."""
    for _version, package in _packages(_versions(version_slug=version_slug)):
        for entry in package[collection]:
            if entry["identifier"] == identifier:
                return entry, package
    raise _not_found(kind, identifier, version_slug)


def _document_link(package: dict[str, Any]) -> dict[str, str]:
    document = package["CFDocument"]
    return {"title": document["title"], "identifier": document["identifier"], "uri": document["uri"]}


def _served_document(document: dict[str, Any]) -> dict[str, Any]:
    package_uri = case_service_uri(f"CFPackages/{document['identifier']}")
    return document | {
        "CFPackageURI": {"title": document["title"], "identifier": document["identifier"], "uri": package_uri}
    }


# --- the binding's read operations --------------------------------------------------------------


@dataclass(frozen=True)
class DocumentPage:
    """One page of getAllCFDocuments: the documents and how many matched before paging."""

    documents: list[dict[str, Any]]
    total: int


def case_document_list(
    *,
    limit: str | None = None,
    offset: str | None = None,
    sort: str | None = None,
    order_by: str | None = None,
    filter_expression: str | None = None,
    fields: str | None = None,
) -> DocumentPage:
    """getAllCFDocuments: the CFDocument of every loaded version (DSS-P and DSS-L), public data.

    The arguments are the binding's query parameters as given: `limit` (default 100) and `offset`
    (default 0) page; `sort` (a field) with `orderBy` (asc, desc) orders; `filter` keeps documents
    matching `field<op>'value'` predicates (=, !=, >, >=, <, <=, ~ contains) joined by AND or OR;
    `fields` (comma-separated) selects fields. A bad value raises CaseError (400) naming the
    parameter. One query.
    """
    first = _whole_number("offset", offset, default=0, minimum=0)
    size = _whole_number("limit", limit, default=DEFAULT_LIMIT, minimum=1)
    predicates, joined_by = _filter(filter_expression)
    selected = _fields(fields)
    documents = [
        _served_document(case.case_document_build(version=version))
        for version in StandardVersion.objects.order_by("part", "-published_on", "slug")
    ]
    if predicates:
        combine = all if joined_by == "AND" else any
        documents = [d for d in documents if combine(_matches(d, *p) for p in predicates)]
    if sort is not None or order_by is not None:
        documents = _sorted(documents, sort, order_by)
    page = documents[first : first + size]
    if selected:
        page = [{name: d[name] for name in selected if name in d} for d in page]
    return DocumentPage(documents=page, total=len(documents))


def case_document_get(*, sourced_id: str, version_slug: str | None = None) -> dict[str, Any]:
    """getCFDocument: a version's CFDocument with its CFPackageURI. One query. `version_slug`
    (the URIs of the first packages, /api/v1/skills/case/<slug>/...) restricts it to one version."""
    identifier = case_identifier_parse(sourced_id=sourced_id)
    versions = StandardVersion.objects.filter(uuid=identifier)
    if version_slug is not None:
        versions = versions.filter(slug=version_slug)
    version = versions.first()
    if version is None:
        raise _not_found("CFDocument", identifier, version_slug)
    return _served_document(case.case_document_build(version=version))


def case_package_get(
    *, sourced_id: str | None = None, version: StandardVersion | None = None
) -> dict[str, Any]:
    """getCFPackage: the package of the document `sourced_id` (or of `version`), from the cache. One
    query when cached, that and the package's build (7 queries for DSS-P, 2 for DSS-L) otherwise."""
    if version is not None:
        found = _versions(version_slug=version.slug)
    else:
        identifier = case_identifier_parse(sourced_id=sourced_id or "")
        found = _versions(identifier=identifier)
        if not found:
            raise _not_found("CFPackage", identifier, None)
    return _packages(found)[0][1]


def case_item_get(*, sourced_id: str, version_slug: str | None = None) -> dict[str, Any]:
    """getCFItem: a CFItem of any version (identifiers are unique across versions) with its
    CFDocumentURI; `version_slug` restricts it to one version."""
    identifier = case_identifier_parse(sourced_id=sourced_id)
    item, package = _find("CFItems", "CFItem", identifier, version_slug)
    return item | {"CFDocumentURI": _document_link(package)}


def case_association_get(*, sourced_id: str, version_slug: str | None = None) -> dict[str, Any]:
    """getCFAssociation: a CFAssociation with its CFDocumentURI; `version_slug` restricts it."""
    identifier = case_identifier_parse(sourced_id=sourced_id)
    association, package = _find("CFAssociations", "CFAssociation", identifier, version_slug)
    return association | {"CFDocumentURI": _document_link(package)}


def case_item_associations_get(*, sourced_id: str) -> dict[str, Any]:
    """getCFItemAssociations: a CFItem and every association it is the origin or destination of."""
    identifier = case_identifier_parse(sourced_id=sourced_id)
    item, package = _find("CFItems", "CFItem", identifier, None)
    document = _document_link(package)
    associations = [
        association | {"CFDocumentURI": document}
        for association in package["CFAssociations"]
        if identifier
        in (association["originNodeURI"]["identifier"], association["destinationNodeURI"]["identifier"])
    ]
    return {"CFItem": item | {"CFDocumentURI": document}, "CFAssociations": associations}


def case_item_type_get(*, sourced_id: str, version_slug: str | None = None) -> dict[str, Any]:
    """getCFItemType: `{"CFItemTypes": [the type, then its descendants by hierarchyCode]}`. The types
    are definitions in code, shared by every package: no query, except to check that the version
    `version_slug` (when given) uses the type."""
    identifier = case_identifier_parse(sourced_id=sourced_id)
    if version_slug is not None:
        _find_in_definitions(identifier, version_slug)
    types = case.case_item_type_list()
    found = next((t for t in types if t["identifier"] == identifier), None)
    if found is None:
        raise _not_found("CFItemType", identifier, version_slug)
    code = found["hierarchyCode"]
    descendants = [t for t in types if t["hierarchyCode"].startswith(f"{code}.")]
    return {"CFItemTypes": [found, *descendants]}


def _find_in_definitions(identifier: str, version_slug: str) -> None:
    for _version, package in _packages(_versions(version_slug=version_slug)):
        if any(t["identifier"] == identifier for t in package["CFDefinitions"]["CFItemTypes"]):
            return
    raise _not_found("CFItemType", identifier, version_slug)


# --- query parameters of getAllCFDocuments --------------------------------------------------------


def _invalid(name: str, message: str, code_minor: str = INVALID_SELECTION) -> CaseError:
    return CaseError(message, status=400, code_minor=code_minor, field=name)


def _present(name: str, value: str | None) -> str | None:
    if value == "":
        raise _invalid(
            name, _("%(name)s: is empty; give a value or leave the parameter out.") % {"name": name}
        )
    return value


def _whole_number(name: str, value: str | None, *, default: int, minimum: int) -> int:
    value = _present(name, value)
    if value is None:
        return default
    if not _WHOLE_NUMBER.fullmatch(value) or int(value) < minimum:
        message = _("%(name)s: '%(value)s' is not a whole number from %(minimum)s (at most 18 digits).")
        raise _invalid(name, message % {"name": name, "value": value[:40], "minimum": minimum})
    return int(value)


def _fields(value: str | None) -> list[str]:
    value = _present("fields", value)
    if value is None:
        return []
    names = [name.strip() for name in value.split(",")]
    for name in names:
        if name not in DOCUMENT_FIELDS:
            message = _("fields: '%(value)s' is not a field of CFDocument.") % {"value": name[:40]}
            raise _invalid("fields", message)
    return names


def _filter(value: str | None) -> tuple[list[tuple[str, str, str]], str]:
    value = _present("filter", value)
    if value is None:
        return [], "AND"
    joined_by = "OR" if " OR " in value else "AND"
    parts = value.split(f" {joined_by} ")
    predicates = []
    for part in parts:
        match = _PREDICATE.fullmatch(part)
        if match is None or match["field"] not in SORTABLE_FIELDS:
            message = _(
                "filter: '%(value)s' is not a filter this service reads: a CFDocument field, one of "
                "= != > >= < <= ~, and a value in single quotes, joined by AND or by OR."
            )
            raise _invalid("filter", message % {"value": value[:80]})
        predicates.append((match["field"], match["op"], match["value"]))
    return predicates, joined_by


def _matches(document: dict[str, Any], field: str, op: str, value: str) -> bool:
    actual = document.get(field)
    if not isinstance(actual, str):
        return op == "!="
    comparisons = {
        "=": actual == value,
        "!=": actual != value,
        ">": actual > value,
        ">=": actual >= value,
        "<": actual < value,
        "<=": actual <= value,
        "~": value.casefold() in actual.casefold(),
    }
    return comparisons[op]


def _sorted(
    documents: Iterable[dict[str, Any]], sort: str | None, order_by: str | None
) -> list[dict[str, Any]]:
    field = _present("sort", sort) or "title"
    direction = _present("orderBy", order_by) or "asc"
    if field not in SORTABLE_FIELDS:
        message = _("sort: '%(value)s' is not a field of CFDocument.") % {"value": field[:40]}
        raise _invalid("sort", message, INVALID_SORT)
    if direction not in ("asc", "desc"):
        message = _("orderBy: '%(value)s' is neither asc nor desc.") % {"value": direction[:40]}
        raise _invalid("orderBy", message)
    return sorted(documents, key=lambda d: d.get(field) or "", reverse=direction == "desc")
