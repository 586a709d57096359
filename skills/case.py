"""The standard as 1EdTech CASE 1.1 packages (getCFPackage responses): one per version of DSS-P and
one per version of DSS-L.

Identifiers are the rows' stable UUIDs (uuid5 of version and slug), so they do not change when the
loader runs again or the database is rebuilt; every `uri` is the object's address in the CASE 1.1
service (skills/api/case_urls.py), on settings.PLATFORM_BASE_URL, and answers its JSON.

DSS-P hierarchy: every type, category and level isChildOf the document; roles isChildOf their type;
sub-categories isChildOf their category; skills isChildOf their sub-category. Each role-to-skill
requirement is an association of the extension type `ext:requiresSkillAtLevel` from the role to the
skill, whose extensions carry the level code and whether the matrix is provisional.

DSS-L hierarchy: every literacy area isChildOf the document; every literacy item isChildOf its area.
"""

from typing import Any

from core.models import TimeStampedModel

from .models import Level, RoleSkillRequirement, StandardRow, StandardVersion
from .selectors import (
    CASE_SERVICE_PATH,
    case_service_uri,
    category_tree,
    hr_type_list,
    literacy_area_list,
)
from .services import stable_uuid

CASE_VERSION = "1.1"
OFFICIAL_SOURCE_URL = "https://www.ipa.go.jp/jinzai/skill-standard/dss/index.html"
# The item types of each part: code -> (title, description). DSS-P's titles are the standard's own
# terms; DSS-L's data has no term for its two levels, so their titles are this platform's.
ITEM_TYPES = {
    "HumanResourceType": ("人材類型", "A human-resource type of DSS-P."),
    "Role": ("ロール", "A role within a human-resource type."),
    "SkillCategory": ("カテゴリー", "A category of the common skill list."),
    "SkillSubcategory": ("サブカテゴリー", "A sub-category of the common skill list."),
    "Skill": ("スキル項目", "An item of the common skill list."),
    "Level": ("レベル", "A required-level code (a, b, c, d, z)."),
}
LITERACY_ITEM_TYPES = {
    "LiteracyArea": ("Literacy area", "An area of DSS-L, the DX literacy standard."),
    "LiteracyItem": ("Literacy item", "An item of DSS-L within an area."),
}
# When the definitions above last changed: an item type is one object shared by every package that
# uses it, so its lastChangeDateTime is that of its definition, not of a version.
# tests/skills/test_case_service.py pins the definitions: change them and move this date together.
ITEM_TYPES_CHANGED = "2026-12-02T00:00:00+00:00"


def _timestamp(row: TimeStampedModel) -> str:
    return row.updated_at.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _provenance(row: StandardVersion | StandardRow) -> str:
    return f"Provenance: {row.verification}; sources {', '.join(row.sources) or '-'}."


def item_type_identifier(code: str) -> str:
    """The CFItemType identifier of an item type code (the same in every package)."""
    return str(stable_uuid("case-item-type", code))


def case_item_type_list() -> list[dict[str, Any]]:
    """Every CFItemType of every package, as it appears in their CFDefinitions. No query."""
    definitions = ITEM_TYPES | LITERACY_ITEM_TYPES
    return [_item_type(code, *definitions[code], _service(None)) for code in definitions]


def _service(base_uri: str | None) -> str:
    return case_service_uri() if base_uri is None else f"{base_uri.rstrip('/')}{CASE_SERVICE_PATH}"


def _item_type(code: str, title: str, description: str, service: str) -> dict[str, Any]:
    identifier = item_type_identifier(code)
    return {
        "identifier": identifier,
        "uri": f"{service}/CFItemTypes/{identifier}",
        "title": title,
        "description": description,
        "hierarchyCode": code,
        "typeCode": code,
        "lastChangeDateTime": ITEM_TYPES_CHANGED,
    }


def case_document_build(*, version: StandardVersion, base_uri: str | None = None) -> dict[str, Any]:
    """The CFDocument of a version, as it appears in its package. No query."""
    return {
        "identifier": str(version.uuid),
        "uri": f"{_service(base_uri)}/CFDocuments/{version.uuid}",
        "frameworkType": "skill standard",
        "caseVersion": CASE_VERSION,
        "creator": "経済産業省・独立行政法人情報処理推進機構 (METI and IPA)",
        "publisher": "Digital Skills Platform",
        "title": f"{version.name_ja} {version.version}",
        "description": version.name_en,
        "language": "ja",
        "version": version.version,
        "adoptionStatus": "Adopted" if version.is_current else "Draft",
        "statusStartDate": version.published_on.isoformat(),
        "officialSourceURL": OFFICIAL_SOURCE_URL,
        "lastChangeDateTime": _timestamp(version),
        "notes": _provenance(version),
    }


class _Builder:
    def __init__(
        self, version: StandardVersion, item_types: dict[str, tuple[str, str]], base_uri: str | None
    ) -> None:
        self.version = version
        self.item_types = item_types
        self.service = _service(base_uri)
        self.items: list[dict[str, Any]] = []
        self.associations: list[dict[str, Any]] = []
        self.document = case_document_build(version=version, base_uri=base_uri)

    def link(self, kind: str, identifier: str, title: str) -> dict[str, str]:
        """A LinkURI to an object of the service (`kind` is its collection, e.g. "CFItems")."""
        return {"title": title, "identifier": identifier, "uri": f"{self.service}/{kind}/{identifier}"}

    def document_link(self) -> dict[str, str]:
        return self.link("CFDocuments", self.document["identifier"], self.document["title"])

    def item(
        self, row: StandardRow, item_type: str, coding: str, parent: dict[str, str] | None, seq: int
    ) -> dict[str, str]:
        identifier = str(row.uuid)
        entry = {
            "identifier": identifier,
            "uri": f"{self.service}/CFItems/{identifier}",
            "fullStatement": row.name_ja,
            "CFItemType": item_type,
            "CFItemTypeURI": self.link("CFItemTypes", item_type_identifier(item_type), item_type),
            "humanCodingScheme": coding,
            "language": "ja",
            "lastChangeDateTime": _timestamp(row),
            "notes": _provenance(row),
        }
        if row.name_en:
            entry["alternativeLabel"] = row.name_en
        self.items.append(entry)
        node = self.link("CFItems", identifier, row.name_ja)
        self.associate("isChildOf", node, parent or self.document_link(), seq, row)
        return node

    def associate(
        self,
        kind: str,
        origin: dict[str, str],
        destination: dict[str, str],
        seq: int,
        row: TimeStampedModel,
        **extra: Any,
    ) -> None:
        identifier = str(
            stable_uuid(
                self.version.slug, "association", kind, origin["identifier"], destination["identifier"]
            )
        )
        self.associations.append(
            {
                "identifier": identifier,
                "associationType": kind,
                "sequenceNumber": seq,
                "uri": f"{self.service}/CFAssociations/{identifier}",
                "originNodeURI": origin,
                "destinationNodeURI": destination,
                "lastChangeDateTime": _timestamp(row),
                **extra,
            }
        )

    def package(self) -> dict[str, Any]:
        item_types = [_item_type(code, *self.item_types[code], self.service) for code in self.item_types]
        return {
            "CFDocument": self.document,
            "CFItems": self.items,
            "CFAssociations": self.associations,
            "CFDefinitions": {"CFItemTypes": item_types},
        }


def case_package_build(*, version: StandardVersion, base_uri: str | None = None) -> dict[str, Any]:
    """The CFPackage of one version (DSS-P or DSS-L). Public data; a fixed number of queries (7 for
    DSS-P, 2 for DSS-L). URIs are on settings.PLATFORM_BASE_URL; `base_uri` replaces it for tools
    and tests only, never with a request's Host header. Views call skills.case_service (cached)."""
    if version.part == StandardVersion.Part.LITERACY:
        return _literacy_package(_Builder(version, LITERACY_ITEM_TYPES, base_uri))
    return _promotion_package(_Builder(version, ITEM_TYPES, base_uri))


def _literacy_package(b: _Builder) -> dict[str, Any]:
    version = b.version
    for ai, area in enumerate(literacy_area_list(version=version).order_by("order"), start=1):
        area_node = b.item(area, "LiteracyArea", f"L{ai}", None, ai)
        for ii, item in enumerate(area.items.all(), start=1):
            b.item(item, "LiteracyItem", f"L{ai}.{ii}", area_node, ii)
    return b.package()


def _promotion_package(b: _Builder) -> dict[str, Any]:
    version = b.version
    role_nodes = {}
    for ti, hr_type in enumerate(hr_type_list(version=version), start=1):
        type_node = b.item(hr_type, "HumanResourceType", f"T{ti}", None, ti)
        for ri, role in enumerate(hr_type.roles.all(), start=1):
            role_nodes[role.pk] = b.item(role, "Role", f"T{ti}.R{ri}", type_node, ri)
    skill_nodes = {}
    for ci, category in enumerate(category_tree(version=version), start=1):
        cat_node = b.item(category, "SkillCategory", f"C{ci}", None, len(role_nodes) + ci)
        for si, sub in enumerate(category.subcategories.all(), start=1):
            sub_node = b.item(sub, "SkillSubcategory", f"C{ci}.{si}", cat_node, si)
            for ki, skill in enumerate(sub.skills.all(), start=1):
                skill_nodes[skill.pk] = b.item(skill, "Skill", f"C{ci}.{si}.{ki}", sub_node, ki)
    level_nodes = {}
    for li, level in enumerate(Level.objects.filter(version=version), start=1):
        level_nodes[level.pk] = b.item(level, "Level", level.slug, None, 100 + li)
    requirements = RoleSkillRequirement.objects.filter(role__version=version).select_related("level")
    for seq, req in enumerate(requirements.order_by("role__order", "skill__order"), start=1):
        b.associate(
            "ext:requiresSkillAtLevel",
            role_nodes[req.role_id],
            skill_nodes[req.skill_id],
            seq,
            req,
            notes=f"Required level {req.level.slug}"
            + (" (provisional matrix)" if req.is_provisional else ""),
            extensions={
                "requiredLevel": req.level.slug,
                "levelIdentifier": level_nodes[req.level_id]["identifier"],
                "isProvisional": req.is_provisional,
            },
        )
    return b.package()
