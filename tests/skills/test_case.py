"""/api/v1/skills/case/: the standard as a 1EdTech CASE 1.1 CFPackage, checked against the official
JSON Schema of getCFPackage and against the database. (The CASE 1.1 service that serves every object
of the packages is tested in test_case_service.py.)"""

import datetime
from collections import Counter

import pytest
from jsonschema import Draft202012Validator
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

from .case_schema import package_validator, schema_errors
from .helpers import standard_delete

pytestmark = pytest.mark.django_db

URL = "/api/v1/skills/case/"
BASE = "https://skills.example.go.jp"
SERVICE = f"{BASE}/ims/case/v1p1"
REQUIRES = "ext:requiresSkillAtLevel"


@pytest.fixture(autouse=True)
def _platform_base_url(settings):
    settings.PLATFORM_BASE_URL = BASE


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return package_validator()


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
        "uri": f"{SERVICE}/CFDocuments/{stable_uuid('dss-p-1.2')}",
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
    assert role["uri"] == f"{SERVICE}/CFItems/{role_id}"
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


@pytest.mark.parametrize(
    ("version", "lookup", "build"),
    # "2.0" is looked up as a slug, then as a number; v2.0 has no types, so no roles to prefetch
    [("dss-p-1.2", 1, 7), ("2.0", 2, 6)],
)
def test_the_package_takes_a_fixed_number_of_queries(
    standard, django_assert_num_queries, version, lookup, build
):
    # the version and its fingerprint; the first time only, the build: types, roles, categories,
    # sub-categories, skills, levels, requirements (the package is cached under the fingerprint)
    with django_assert_num_queries(lookup + 1 + build):
        first = get_package(version=version)
    with django_assert_num_queries(lookup + 1):
        again = get_package(version=version)

    assert again == first


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
