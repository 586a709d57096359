"""/api/v1/skills/case/: the standard as a 1EdTech CASE 1.1 CFPackage, checked against the official
JSON Schema of getCFPackage and against the database."""

import datetime
import json
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from rest_framework.test import APIClient

from skills.models import (
    HumanResourceType,
    Level,
    Role,
    RoleSkillRequirement,
    Skill,
    SkillCategory,
    SkillSubcategory,
    StandardVersion,
)
from skills.services import role_skill_matrix_load, stable_uuid
from tests.conftest import load_standard

from .helpers import standard_delete

pytestmark = pytest.mark.django_db

URL = "/api/v1/skills/case/"
# The official schema lives in shared/, beside the repository (here and in CI).
SCHEMA = Path("conformance") / "case" / "case-v1p1-cfpackage-schema.json"
SCHEMA_CANDIDATES = (Path(__file__).resolve().parents[3] / "shared" / SCHEMA, Path("/work/shared") / SCHEMA)
REQUIRES = "ext:requiresSkillAtLevel"

# Formats the schema uses. jsonschema checks "date" itself; "date-time" and "uri" need optional
# packages, so they are checked here without them.
FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parsed = datetime.datetime.fromisoformat(value)
    return value[10] == "T" and parsed.tzinfo is not None


@FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    path = next((p for p in SCHEMA_CANDIDATES if p.exists()), None)
    if path is None:
        pytest.fail(f"the CASE schema is missing; looked for {', '.join(map(str, SCHEMA_CANDIDATES))}")
    schema = json.loads(path.read_text(encoding="utf-8"))
    # the schema's $schema says http://json-schema.org/draft/2020-12/schema: name the class explicitly
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FORMATS)


def schema_errors(validator: Draft202012Validator, package: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(package)]


def get_package(**query) -> dict:
    response = APIClient().get(URL, query)
    assert response.status_code == 200
    return response.json()


def uuids(*querysets) -> set[str]:
    return {str(u) for qs in querysets for u in qs.values_list("uuid", flat=True)}


def identifiers(package: dict) -> dict[str, list[str]]:
    return {
        "document": [package["CFDocument"]["identifier"], package["CFDocument"]["uri"]],
        "items": sorted(i["identifier"] for i in package["CFItems"]),
        "item_uris": sorted(i["uri"] for i in package["CFItems"]),
        "associations": sorted(a["identifier"] for a in package["CFAssociations"]),
        "item_types": sorted(t["identifier"] for t in package["CFDefinitions"]["CFItemTypes"]),
    }


# --- conformance ----------------------------------------------------------------------------


@pytest.mark.parametrize("version", [None, "dss-p-2.0"])
def test_package_is_valid_against_the_case_1_1_schema(standard, validator, version):
    package = get_package(**({"version": version} if version else {}))

    assert schema_errors(validator, package) == []


def test_the_schema_check_catches_a_bad_package(standard, validator):
    # the validation above is not vacuous: formats, patterns and unknown fields are checked
    package = get_package()
    package["CFDocument"]["lastChangeDateTime"] = "yesterday"
    package["CFItems"][0]["identifier"] = "T1"
    package["CFAssociations"][0]["uri"] = "not a uri"
    package["CFItems"][1]["colour"] = "blue"

    assert sorted(schema_errors(validator, package)) == [
        "CFAssociations/0/uri: 'not a uri' is not a 'uri'",
        "CFDocument/lastChangeDateTime: 'yesterday' is not a 'date-time'",
        "CFItems/0/identifier: 'T1' does not match '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[8-9a-b]{1}[0-9a-f]{3}-[0-9a-f]{12}'",
        "CFItems/1: Additional properties are not allowed ('colour' was unexpected)",
    ]


# --- structure ------------------------------------------------------------------------------


def test_document_describes_the_version(standard):
    document = get_package()["CFDocument"]

    assert document | {"lastChangeDateTime": None} == {
        "identifier": str(stable_uuid("dss-p-1.2")),
        "uri": f"http://testserver/api/v1/skills/case/dss-p-1.2/CFDocuments/{stable_uuid('dss-p-1.2')}",
        "frameworkType": "skill standard",
        "caseVersion": "1.1",
        "creator": "経済産業省・独立行政法人情報処理推進機構 (METI and IPA)",
        "publisher": "Digital Skills Platform",
        "title": "DX推進スキル標準 1.2",
        "description": "DX Promotion Skill Standard",
        "language": "ja",
        "version": "1.2",
        "adoptionStatus": "Adopted",
        "statusStartDate": "2024-07-01",
        "officialSourceURL": "https://www.ipa.go.jp/jinzai/skill-standard/dss/index.html",
        "lastChangeDateTime": None,
        "notes": "Provenance: verified; sources S1, S2, S3, S5.",
    }
    assert document["lastChangeDateTime"] == standard.updated_at.astimezone(datetime.UTC).strftime(
        "%Y-%m-%dT%H:%M:%S+00:00"
    )


def test_items_are_every_type_role_category_subcategory_skill_and_level(standard):
    items = get_package()["CFItems"]

    assert len(items) == 91
    assert Counter(i["CFItemType"] for i in items) == {
        "HumanResourceType": 5,
        "Role": 15,
        "SkillCategory": 5,
        "SkillSubcategory": 12,
        "Skill": 49,
        "Level": 5,
    }
    assert {i["identifier"] for i in items} == uuids(
        HumanResourceType.objects.filter(version=standard),
        Role.objects.filter(version=standard),
        SkillCategory.objects.filter(version=standard),
        SkillSubcategory.objects.filter(version=standard),
        Skill.objects.filter(version=standard),
        Level.objects.filter(version=standard),
    )
    assert len({i["identifier"] for i in items}) == 91


def test_an_item_carries_its_names_and_coding(standard):
    items = {i["identifier"]: i for i in get_package()["CFItems"]}
    role_id = str(stable_uuid("dss-p-1.2", "role", "data-engineer"))
    skill_id = str(stable_uuid("dss-p-1.2", "skill", "ml-dl"))

    role, skill = items[role_id], items[skill_id]

    assert (role["fullStatement"], role["alternativeLabel"], role["humanCodingScheme"]) == (
        "データエンジニア",
        "Data Engineer",
        "T3.R3",
    )
    assert role["uri"] == f"http://testserver/api/v1/skills/case/dss-p-1.2/CFItems/{role_id}"
    assert role["CFItemTypeURI"]["identifier"] == str(stable_uuid("case-item-type", "Role"))
    assert (skill["fullStatement"], skill["humanCodingScheme"], skill["language"]) == (
        "機械学習・深層学習",
        "C2.2.2",
        "ja",
    )


def test_hierarchy_is_child_of_associations(standard):
    package = get_package()
    doc = package["CFDocument"]["identifier"]

    child_of = {
        (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])
        for a in package["CFAssociations"]
        if a["associationType"] == "isChildOf"
    }

    def pairs(queryset, parent):
        return {(str(row.uuid), parent(row)) for row in queryset}

    expected = (
        pairs(HumanResourceType.objects.filter(version=standard), lambda r: doc)
        | pairs(
            Role.objects.filter(version=standard).select_related("hr_type"), lambda r: str(r.hr_type.uuid)
        )
        | pairs(SkillCategory.objects.filter(version=standard), lambda r: doc)
        | pairs(
            SkillSubcategory.objects.filter(version=standard).select_related("category"),
            lambda r: str(r.category.uuid),
        )
        | pairs(
            Skill.objects.filter(version=standard).select_related("subcategory"),
            lambda r: str(r.subcategory.uuid),
        )
        | pairs(Level.objects.filter(version=standard), lambda r: doc)
    )
    assert len(expected) == 91
    assert child_of == expected
    assert Counter(a["associationType"] for a in package["CFAssociations"]) == {
        "isChildOf": 91,
        REQUIRES: 735,
    }


def test_each_requirement_is_an_extension_association_role_to_skill(standard):
    associations = [a for a in get_package()["CFAssociations"] if a["associationType"] == REQUIRES]

    found = {
        (
            a["originNodeURI"]["identifier"],
            a["destinationNodeURI"]["identifier"],
            a["extensions"]["requiredLevel"],
            a["extensions"]["levelIdentifier"],
            a["extensions"]["isProvisional"],
        )
        for a in associations
    }

    expected = {
        (str(r.role.uuid), str(r.skill.uuid), r.level.slug, str(r.level.uuid), True)
        for r in RoleSkillRequirement.objects.filter(role__version=standard).select_related(
            "role", "skill", "level"
        )
    }
    assert len(associations) == 735
    assert found == expected
    assert {a["notes"].endswith(" (provisional matrix)") for a in associations} == {True}
    assert len({a["identifier"] for a in associations}) == 735


def test_an_official_matrix_is_not_flagged_provisional(standard):
    role_skill_matrix_load(
        version=standard,
        rows=[{"role": "data-engineer", "skill": "ml-dl", "level": "b"}],
        is_provisional=False,
        source="official",
    )

    associations = [a for a in get_package()["CFAssociations"] if a["associationType"] == REQUIRES]

    assert [(a["extensions"], a["notes"]) for a in associations] == [
        (
            {
                "requiredLevel": "b",
                "levelIdentifier": str(stable_uuid("dss-p-1.2", "level", "b")),
                "isProvisional": False,
            },
            "Required level b",
        )
    ]


def test_item_types_are_defined(standard):
    definitions = get_package()["CFDefinitions"]["CFItemTypes"]

    assert [t["hierarchyCode"] for t in definitions] == [
        "HumanResourceType",
        "Role",
        "SkillCategory",
        "SkillSubcategory",
        "Skill",
        "Level",
    ]


def test_version_2_0_package(standard, validator):
    package = get_package(version="dss-p-2.0")

    assert package["CFDocument"]["identifier"] == str(stable_uuid("dss-p-2.0"))
    assert package["CFDocument"]["adoptionStatus"] == "Draft"
    assert Counter(i["CFItemType"] for i in package["CFItems"]) == {
        "SkillCategory": 5,
        "SkillSubcategory": 13,
        "Skill": 67,
    }
    assert Counter(a["associationType"] for a in package["CFAssociations"]) == {"isChildOf": 85}


@pytest.mark.parametrize("version", ["dss-p-1.2", "2.0"])
def test_the_package_takes_a_fixed_number_of_queries(standard, django_assert_num_queries, version):
    # version, types, roles, categories, sub-categories, skills, levels, requirements
    with django_assert_num_queries(8):
        get_package(version=version)


# --- stable identifiers ---------------------------------------------------------------------


def test_two_calls_give_the_same_package(standard):
    assert get_package() == get_package()


def test_the_package_is_unchanged_after_the_loader_runs_again(standard):
    before = get_package()

    load_standard()

    assert get_package() == before


def test_identifiers_are_the_same_after_the_database_is_rebuilt(standard):
    before = get_package()
    standard_delete()
    assert StandardVersion.objects.count() == 0

    load_standard()

    after = get_package()
    assert identifiers(after) == identifiers(before)
    assert len(identifiers(after)["associations"]) == 91 + 735
