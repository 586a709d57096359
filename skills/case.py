"""The standard as a 1EdTech CASE 1.1 package (getCFPackage response).

Identifiers are the rows' stable UUIDs (uuid5 of version and slug), so they do not change when the
loader runs again or the database is rebuilt. Hierarchy: every type and category isChildOf the
document; roles isChildOf their type; sub-categories isChildOf their category; skills isChildOf
their sub-category. Each role-to-skill requirement is an association of the extension type
`ext:requiresSkillAtLevel` from the role to the skill, whose extensions carry the level code and
whether the matrix is provisional.
"""

from typing import Any

from core.models import TimeStampedModel

from .models import Level, RoleSkillRequirement, StandardRow, StandardVersion
from .selectors import category_tree, hr_type_list
from .services import stable_uuid

CASE_VERSION = "1.1"
ITEM_TYPES = {
    "HumanResourceType": ("人材類型", "A human-resource type of DSS-P."),
    "Role": ("ロール", "A role within a human-resource type."),
    "SkillCategory": ("カテゴリー", "A category of the common skill list."),
    "SkillSubcategory": ("サブカテゴリー", "A sub-category of the common skill list."),
    "Skill": ("スキル項目", "An item of the common skill list."),
    "Level": ("レベル", "A required-level code (a, b, c, d, z)."),
}


def _timestamp(row: TimeStampedModel) -> str:
    return row.updated_at.strftime("%Y-%m-%dT%H:%M:%S+00:00")


class _Builder:
    def __init__(self, version: StandardVersion, base_uri: str) -> None:
        self.version = version
        self.base = f"{base_uri}/api/v1/skills/case/{version.slug}"
        self.items: list[dict[str, Any]] = []
        self.associations: list[dict[str, Any]] = []
        self.document = {
            "identifier": str(version.uuid),
            "uri": f"{self.base}/CFDocuments/{version.uuid}",
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
            "officialSourceURL": "https://www.ipa.go.jp/jinzai/skill-standard/dss/index.html",
            "lastChangeDateTime": _timestamp(version),
            "notes": f"Provenance: {version.verification}; sources {', '.join(version.sources) or '-'}.",
        }

    def link(self, identifier: str, title: str, kind: str = "CFItems") -> dict[str, str]:
        return {"title": title, "identifier": identifier, "uri": f"{self.base}/{kind}/{identifier}"}

    def document_link(self) -> dict[str, str]:
        return self.link(self.document["identifier"], self.document["title"], "CFDocuments")

    def item(
        self, row: StandardRow, item_type: str, coding: str, parent: dict[str, str] | None, seq: int
    ) -> dict[str, str]:
        identifier = str(row.uuid)
        entry = {
            "identifier": identifier,
            "uri": f"{self.base}/CFItems/{identifier}",
            "fullStatement": row.name_ja,
            "CFItemType": item_type,
            "CFItemTypeURI": self.link(
                str(stable_uuid("case-item-type", item_type)), item_type, "CFItemTypes"
            ),
            "humanCodingScheme": coding,
            "language": "ja",
            "lastChangeDateTime": _timestamp(row),
            "notes": f"Provenance: {row.verification}; sources {', '.join(row.sources) or '-'}.",
        }
        if row.name_en:
            entry["alternativeLabel"] = row.name_en
        self.items.append(entry)
        node = self.link(identifier, row.name_ja)
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
                "uri": f"{self.base}/CFAssociations/{identifier}",
                "originNodeURI": origin,
                "destinationNodeURI": destination,
                "lastChangeDateTime": _timestamp(row),
                **extra,
            }
        )

    def definitions(self) -> dict[str, Any]:
        return {
            "CFItemTypes": [
                {
                    "identifier": str(stable_uuid("case-item-type", code)),
                    "uri": f"{self.base}/CFItemTypes/{stable_uuid('case-item-type', code)}",
                    "title": title,
                    "description": description,
                    "hierarchyCode": code,
                    "typeCode": code,
                    "lastChangeDateTime": self.document["lastChangeDateTime"],
                }
                for code, (title, description) in ITEM_TYPES.items()
            ]
        }


def case_package_build(*, version: StandardVersion, base_uri: str) -> dict[str, Any]:
    """The CFPackage of one version of DSS-P. Public data; a fixed number of queries."""
    b = _Builder(version, base_uri)
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
    return {
        "CFDocument": b.document,
        "CFItems": b.items,
        "CFAssociations": b.associations,
        "CFDefinitions": b.definitions(),
    }
