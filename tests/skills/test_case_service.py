"""The CASE 1.1 service (/ims/case/v1p1/): every URI of every package resolves to its own JSON, the
packages validate against the official schema, DSS-L is a document of its own, and the reads give
the binding's 404 for an unknown identifier, one of another kind or version, or one that is not a UUID."""

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from rest_framework.test import APIClient

from skills import case_service
from skills.case import ITEM_TYPES, ITEM_TYPES_CHANGED, LITERACY_ITEM_TYPES
from skills.case_service import CaseError
from skills.models import LiteracyArea, LiteracyItem, Skill, StandardVersion
from skills.selectors import case_item_uri
from skills.services import role_skill_matrix_load, stable_uuid

from .case_schema import package_validator, schema_errors

pytestmark = pytest.mark.django_db

BASE = "https://skills.example.go.jp"
SERVICE = f"{BASE}/ims/case/v1p1"
P12, P20, LITERACY = "dss-p-1.2", "dss-p-2.0", "dss-l-2023-08"
UNKNOWN = "00000000-0000-4000-8000-000000000000"


@pytest.fixture(autouse=True)
def _platform_base_url(settings):
    settings.PLATFORM_BASE_URL = BASE


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return package_validator()


def document_id(slug: str) -> str:
    return str(stable_uuid(slug))


def get(path: str, **headers: Any) -> Any:
    response = APIClient(**headers).get(path)
    assert response.status_code == 200, (path, response.content[:300])
    return response.json()


def package(slug: str) -> dict[str, Any]:
    return get(f"/ims/case/v1p1/CFPackages/{document_id(slug)}")


def links(node: Any) -> Iterator[dict[str, Any]]:
    """Every object or link of a package that has a uri: the document, items, associations, item
    types, and every link inside them (CFItemTypeURI, originNodeURI, destinationNodeURI...)."""
    if isinstance(node, dict):
        if "uri" in node and "identifier" in node:
            yield node
        for value in node.values():
            yield from links(value)
    elif isinstance(node, list):
        for value in node:
            yield from links(value)


def path_of(uri: str) -> str:
    assert uri.startswith(f"{SERVICE}/"), uri
    return uri.removeprefix(BASE)


def imsx(status: int, field: str, code_minor: str, description: str) -> dict[str, Any]:
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


def refused(path: str, status: int) -> dict[str, Any]:
    response = APIClient().get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status, (path, response.content[:300])
    assert response["Content-Type"] == "application/json"
    return response.json()


# --- every uri resolves -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "count"),
    # document + items + associations + item types
    [(P12, 1 + 91 + (91 + 735) + 6), (P20, 1 + 85 + 85 + 6), (LITERACY, 1 + 18 + 18 + 2)],
)
def test_every_uri_in_the_package_resolves_to_its_own_json(standard, slug, count):
    framework = package(slug)
    document = framework["CFDocument"]
    in_package = {
        entry["uri"]: entry
        for entry in [document, *framework["CFItems"], *framework["CFAssociations"]]
        + framework["CFDefinitions"]["CFItemTypes"]
    }
    document_link = {"title": document["title"], "identifier": document["identifier"], "uri": document["uri"]}

    walked = {}
    for entry in links(framework):
        if entry["uri"] not in walked:
            walked[entry["uri"]] = get(path_of(entry["uri"]))
        body = walked[entry["uri"]]
        served = body["CFItemTypes"][0] if "CFItemTypes" in body else body
        assert served["identifier"] == entry["identifier"], entry["uri"]

    assert set(walked) == set(in_package)
    assert len(walked) == count
    # an object served alone is the one in the package, with the links the binding adds
    for uri, entry in in_package.items():
        body = walked[uri]
        if "/CFDocuments/" in uri:
            package_link = document_link | {"uri": f"{SERVICE}/CFPackages/{document['identifier']}"}
            assert body == entry | {"CFPackageURI": package_link}
        elif "/CFItemTypes/" in uri:
            assert body == {"CFItemTypes": [entry]}
        else:
            assert body == entry | {"CFDocumentURI": document_link}


def test_a_uri_is_built_from_platform_base_url_never_from_the_host_header(standard, settings):
    settings.ALLOWED_HOSTS = ["*"]
    spoofed = {"HTTP_HOST": "attacker.example", "HTTP_X_FORWARDED_HOST": "attacker.example"}

    answers = [
        get(f"/ims/case/v1p1/CFPackages/{document_id(P12)}", **spoofed),
        get(f"/ims/case/v1p1/CFPackages/{document_id(LITERACY)}", **spoofed),
        get("/api/v1/skills/case/", **spoofed),
        get("/ims/case/v1p1/CFDocuments", **spoofed),
    ]

    uris = {entry["uri"] for answer in answers for entry in links(answer)}
    # both packages (the alias is the first), the document of 2.0 and the CFPackageURI of each listed one
    assert len(uris) == 924 + 39 + 1 + 3
    assert {uri.startswith(f"{SERVICE}/") for uri in uris} == {True}


def test_a_new_platform_base_url_gives_new_uris_not_cached_ones(standard, settings):
    before = package(P12)["CFItems"][0]["uri"]
    settings.PLATFORM_BASE_URL = "https://dss.example.jp"

    after = package(P12)["CFItems"][0]["uri"]

    assert before.startswith(f"{SERVICE}/CFItems/")
    assert after == before.replace(BASE, "https://dss.example.jp")


def test_case_item_uri_is_the_uri_of_the_item(standard):
    skill = Skill.objects.get(version=standard, slug="ml-dl")
    items = {item["identifier"]: item["uri"] for item in package(P12)["CFItems"]}

    assert case_item_uri(item_uuid=skill.uuid) == f"{SERVICE}/CFItems/{skill.uuid}"
    assert case_item_uri(item_uuid=str(skill.uuid).upper()) == items[str(skill.uuid)]


# --- conformance ----------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", [P12, P20, LITERACY])
def test_packages_validate_against_the_case_1_1_schema(standard, validator, slug):
    assert schema_errors(validator, package(slug)) == []


def test_the_alias_is_the_package_of_the_current_or_named_version(standard):
    assert get("/api/v1/skills/case/") == package(P12)
    assert get("/api/v1/skills/case/?version=2.0") == package(P20)


# --- DSS-L ----------------------------------------------------------------------------------------


def test_the_literacy_standard_is_a_document_of_its_own(standard):
    framework = package(LITERACY)
    version = StandardVersion.objects.get(slug=LITERACY)

    assert framework["CFDocument"] | {"lastChangeDateTime": None} == {
        "identifier": document_id(LITERACY),
        "uri": f"{SERVICE}/CFDocuments/{document_id(LITERACY)}",
        "frameworkType": "skill standard",
        "caseVersion": "1.1",
        "creator": "経済産業省・独立行政法人情報処理推進機構 (METI and IPA)",
        "publisher": "Digital Skills Platform",
        "title": "DXリテラシー標準 2023-08",
        "description": "DX Literacy Standard",
        "language": "ja",
        "version": "2023-08",
        "adoptionStatus": "Adopted",
        "statusStartDate": "2023-08-01",
        "officialSourceURL": "https://www.ipa.go.jp/jinzai/skill-standard/dss/index.html",
        "lastChangeDateTime": None,
        "notes": "Provenance: verified; sources S5, S14.",
    }
    assert framework["CFDocument"]["lastChangeDateTime"] == version.updated_at.strftime(
        "%Y-%m-%dT%H:%M:%S+00:00"
    )
    assert Counter(item["CFItemType"] for item in framework["CFItems"]) == {
        "LiteracyArea": 4,
        "LiteracyItem": 14,
    }
    assert [t["hierarchyCode"] for t in framework["CFDefinitions"]["CFItemTypes"]] == [
        "LiteracyArea",
        "LiteracyItem",
    ]


def test_literacy_items_carry_the_names_and_provenance_of_the_data(standard):
    items = {item["identifier"]: item for item in package(LITERACY)["CFItems"]}
    area = LiteracyArea.objects.get(version__slug=LITERACY, slug="why")
    item = LiteracyItem.objects.get(version__slug=LITERACY, slug="why-2")

    assert {
        k: items[str(area.uuid)][k]
        for k in ("fullStatement", "alternativeLabel", "humanCodingScheme", "notes")
    } == {
        "fullStatement": "Why（DXの背景）",
        "alternativeLabel": "Why — background of DX",
        "humanCodingScheme": "L2",
        "notes": "Provenance: verified; sources S4, S11, S12.",
    }
    assert {
        k: items[str(item.uuid)][k]
        for k in ("fullStatement", "alternativeLabel", "humanCodingScheme", "notes")
    } == {
        "fullStatement": "顧客価値の変化",
        "alternativeLabel": "Change in customer value",
        "humanCodingScheme": "L2.2",
        "notes": "Provenance: partial; sources S13.",
    }
    assert [i["fullStatement"] for i in items.values() if i["CFItemType"] == "LiteracyArea"] == list(
        LiteracyArea.objects.filter(version__slug=LITERACY)
        .order_by("order")
        .values_list("name_ja", flat=True)
    )


def test_literacy_hierarchy_is_child_of_associations(standard):
    framework = package(LITERACY)
    doc = document_id(LITERACY)

    child_of = {
        (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"], a["sequenceNumber"])
        for a in framework["CFAssociations"]
    }

    areas = LiteracyArea.objects.filter(version__slug=LITERACY).order_by("order")
    expected = {(str(area.uuid), doc, n) for n, area in enumerate(areas, start=1)}
    for area in areas:
        expected |= {
            (str(i.uuid), str(area.uuid), n) for n, i in enumerate(area.items.order_by("order"), start=1)
        }
    assert child_of == expected
    assert {a["associationType"] for a in framework["CFAssociations"]} == {"isChildOf"}


def test_the_item_type_definitions_are_pinned_with_their_change_date():
    # Changing a definition means moving ITEM_TYPES_CHANGED: consumers see the change by its date.
    assert (ITEM_TYPES | LITERACY_ITEM_TYPES, ITEM_TYPES_CHANGED) == (
        {
            "HumanResourceType": ("人材類型", "A human-resource type of DSS-P."),
            "Role": ("ロール", "A role within a human-resource type."),
            "SkillCategory": ("カテゴリー", "A category of the common skill list."),
            "SkillSubcategory": ("サブカテゴリー", "A sub-category of the common skill list."),
            "Skill": ("スキル項目", "An item of the common skill list."),
            "Level": ("レベル", "A required-level code (a, b, c, d, z)."),
            "LiteracyArea": ("Literacy area", "An area of DSS-L, the DX literacy standard."),
            "LiteracyItem": ("Literacy item", "An item of DSS-L within an area."),
        },
        "2026-12-02T00:00:00+00:00",
    )


# --- single objects and the item's associations ---------------------------------------------------


def test_item_associations_are_every_association_from_or_to_the_item(standard):
    framework = package(P12)
    role = str(stable_uuid(P12, "role", "data-engineer"))

    body = get(f"/ims/case/v1p1/CFItemAssociations/{role}")

    expected = {
        a["identifier"]
        for a in framework["CFAssociations"]
        if role in (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])
    }
    assert body["CFItem"]["identifier"] == role
    assert {a["identifier"] for a in body["CFAssociations"]} == expected
    assert Counter(a["associationType"] for a in body["CFAssociations"]) == {
        "isChildOf": 1,
        "ext:requiresSkillAtLevel": len(expected) - 1,
    }
    assert len(expected) == 50  # its parent type, and the 49 skills of the provisional matrix


def test_an_upper_case_identifier_is_read_in_canonical_form(standard):
    skill = str(stable_uuid(P12, "skill", "ml-dl"))

    assert get(f"/ims/case/v1p1/CFItems/{skill.upper()}")["identifier"] == skill


def test_an_item_of_any_version_resolves_at_cf_items(standard):
    skill_2_0 = Skill.objects.filter(version__slug=P20).order_by("order").first()
    assert skill_2_0 is not None

    body = get(f"/ims/case/v1p1/CFItems/{skill_2_0.uuid}")

    assert body["fullStatement"] == skill_2_0.name_ja
    assert body["CFDocumentURI"]["identifier"] == document_id(P20)


# --- 404 with imsx_StatusInfo -----------------------------------------------------------------------


def ids() -> dict[str, str]:
    framework_1_2 = case_service.case_package_get(sourced_id=document_id(P12))
    return {
        "document": document_id(P12),
        "item": str(stable_uuid(P12, "skill", "ml-dl")),
        "association": framework_1_2["CFAssociations"][0]["identifier"],
        "item type": framework_1_2["CFDefinitions"]["CFItemTypes"][0]["identifier"],
    }


@pytest.mark.parametrize(
    ("collection", "kind", "given"),
    [
        ("CFItems", "CFItem", "association"),
        ("CFItems", "CFItem", "document"),
        ("CFItems", "CFItem", "item type"),
        ("CFAssociations", "CFAssociation", "item"),
        ("CFDocuments", "CFDocument", "item"),
        ("CFPackages", "CFPackage", "item"),
        ("CFItemTypes", "CFItemType", "item"),
        ("CFItemAssociations", "CFItem", "document"),
        ("CFItems", "CFItem", "unknown"),
        ("CFPackages", "CFPackage", "unknown"),
    ],
)
def test_an_identifier_of_another_kind_or_of_nothing_is_a_404_unknownobject(
    standard, collection, kind, given
):
    identifier = UNKNOWN if given == "unknown" else ids()[given]

    body = refused(f"/ims/case/v1p1/{collection}/{identifier}", 404)

    assert body == imsx(404, "sourcedId", "unknownobject", f"No {kind} has the identifier {identifier}.")


@pytest.mark.parametrize(
    "sourced_id",
    [
        "nope",
        "1234",
        "00000000000040008000000000000000",
        f"{UNKNOWN}0",
        f"{{{UNKNOWN}}}",
        f"urn:uuid:{UNKNOWN}",
    ],
)
@pytest.mark.parametrize(
    "collection",
    ["CFDocuments", "CFPackages", "CFItems", "CFAssociations", "CFItemAssociations", "CFItemTypes"],
)
def test_an_identifier_that_is_not_a_uuid_is_a_404_invaliduuid(standard, collection, sourced_id):
    body = refused(f"/ims/case/v1p1/{collection}/{sourced_id}", 404)

    assert body == imsx(
        404, "sourcedId", "invaliduuid", f"'{sourced_id[:40]}' is not a UUID (8-4-4-4-12 hexadecimal digits)."
    )


def test_an_object_of_another_version_is_a_404_where_the_version_is_in_the_path(standard):
    skill_1_2 = str(stable_uuid(P12, "skill", "ml-dl"))

    assert get(f"/api/v1/skills/case/{P12}/CFItems/{skill_1_2}") == get(f"/ims/case/v1p1/CFItems/{skill_1_2}")
    assert refused(f"/api/v1/skills/case/{P20}/CFItems/{skill_1_2}", 404) == imsx(
        404, "sourcedId", "unknownobject", f"No CFItem of {P20} has the identifier {skill_1_2}."
    )
    assert refused(f"/api/v1/skills/case/nope/CFItems/{skill_1_2}", 404)["imsx_description"] == (
        f"No CFItem of nope has the identifier {skill_1_2}."
    )


@pytest.mark.parametrize("collection", ["CFDocuments", "CFItems", "CFAssociations", "CFItemTypes"])
def test_the_uris_of_the_first_packages_resolve_for_their_version_only(standard, collection):
    framework = package(P12)
    entry = {
        "CFDocuments": framework["CFDocument"],
        "CFItems": framework["CFItems"][5],
        "CFAssociations": framework["CFAssociations"][-1],
        "CFItemTypes": framework["CFDefinitions"]["CFItemTypes"][0],
    }[collection]
    legacy = f"/api/v1/skills/case/{P12}/{collection}/{entry['identifier']}"

    assert get(legacy) == get(path_of(entry["uri"]))
    other = refused(f"/api/v1/skills/case/{LITERACY}/{collection}/{entry['identifier']}", 404)
    assert other["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"] == "unknownobject"


def test_the_service_raises_case_errors_with_status_and_code(standard):
    with pytest.raises(CaseError) as unknown:
        case_service.case_item_get(sourced_id=UNKNOWN)
    with pytest.raises(CaseError) as malformed:
        case_service.case_association_get(sourced_id="x")

    assert (unknown.value.status, unknown.value.code_minor, unknown.value.field) == (
        404,
        "unknownobject",
        "sourcedId",
    )
    assert (malformed.value.status, malformed.value.code_minor) == (404, "invaliduuid")


# --- cache and queries ----------------------------------------------------------------------------


def test_a_single_object_takes_one_query_once_the_packages_are_cached(standard, django_assert_num_queries):
    item = str(stable_uuid(P12, "skill", "ml-dl"))
    # the fingerprint of every version; then the three builds: DSS-L (areas, items), DSS-P 2.0 (no
    # types: 6) and 1.2 (7)
    with django_assert_num_queries(1 + 2 + 6 + 7):
        first = get(f"/ims/case/v1p1/CFItems/{item}")
    with django_assert_num_queries(1):
        again = get(f"/ims/case/v1p1/CFItems/{item}")
    with django_assert_num_queries(1):
        get(f"/ims/case/v1p1/CFItemAssociations/{item}")
    with django_assert_num_queries(1):
        get(f"/ims/case/v1p1/CFPackages/{document_id(P12)}")
    with django_assert_num_queries(1):
        get(f"/ims/case/v1p1/CFDocuments/{document_id(P12)}")
    with django_assert_num_queries(1):
        get("/ims/case/v1p1/CFDocuments")
    with django_assert_num_queries(0):
        get(f"/ims/case/v1p1/CFItemTypes/{stable_uuid('case-item-type', 'Skill')}")

    assert again == first


def test_a_change_to_the_standard_is_served_at_once_never_a_stale_package(standard):
    skill = Skill.objects.get(version=standard, slug="ml-dl")
    path = f"/ims/case/v1p1/CFItems/{skill.uuid}"
    before = get(path)
    association_count = len(package(P12)["CFAssociations"])

    skill.name_ja = "機械学習・深層学習（改訂）"
    skill.save()
    role_skill_matrix_load(
        version=standard,
        rows=[{"role": "data-engineer", "skill": "ml-dl", "level": "b"}],
        is_provisional=False,
        source="official",
    )

    after = get(path)
    assert (before["fullStatement"], after["fullStatement"]) == (
        "機械学習・深層学習",
        "機械学習・深層学習（改訂）",
    )
    assert association_count == 91 + 735
    assert len(package(P12)["CFAssociations"]) == 91 + 1


def test_a_deleted_row_is_gone_from_the_package(standard):
    item = LiteracyItem.objects.get(version__slug=LITERACY, slug="how-2")
    path = f"/ims/case/v1p1/CFItems/{item.uuid}"
    get(path)

    item.delete()

    assert refused(path, 404)["imsx_description"] == f"No CFItem has the identifier {item.uuid}."
    assert len(package(LITERACY)["CFItems"]) == 17
