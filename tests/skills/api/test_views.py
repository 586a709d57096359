"""The read-only skills API, end to end through APIClient as an anonymous visitor (the standard is public)."""

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from skills.api.serializers import PROVISIONAL_NOTICE
from skills.models import RoleSkillRequirement
from skills.services import role_skill_matrix_load, stable_uuid

pytestmark = pytest.mark.django_db

BASE = "/api/v1/skills"


@pytest.fixture
def api() -> APIClient:
    return APIClient()


# --- types ----------------------------------------------------------------------------------


def test_types_list_nests_the_roles(api, standard, django_assert_num_queries):
    # version, count, types, roles
    with django_assert_num_queries(4):
        response = api.get(f"{BASE}/types/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    assert [t["slug"] for t in body["results"]] == [
        "business-architect",
        "designer",
        "data-scientist",
        "software-engineer",
        "cybersecurity",
    ]
    assert [len(t["roles"]) for t in body["results"]] == [3, 3, 3, 4, 2]
    data_scientist = body["results"][2]
    assert data_scientist["uuid"] == str(stable_uuid("dss-p-1.2", "type", "data-scientist"))
    assert data_scientist["roles"][2] == {
        "slug": "data-engineer",
        "uuid": str(stable_uuid("dss-p-1.2", "role", "data-engineer")),
        "name": "データエンジニア",
        "name_ja": "データエンジニア",
        "name_en": "Data Engineer",
    }


def test_type_detail_by_slug(api, standard):
    response = api.get(f"{BASE}/types/designer/")

    assert response.status_code == 200
    assert [r["slug"] for r in response.json()["roles"]] == [
        "service-designer",
        "ux-ui-designer",
        "graphic-designer",
    ]


# --- roles ----------------------------------------------------------------------------------


def test_roles_list_carries_the_provisional_requirements(api, standard, django_assert_num_queries):
    # version, count, roles with type and version, requirements with level, skill and category
    with django_assert_num_queries(4):
        response = api.get(f"{BASE}/roles/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 15
    assert len(body["results"]) == 15
    assert {len(r["requirements"]) for r in body["results"]} == {49}
    assert {r["requirements_status"] for r in body["results"]} == {"provisional"}
    assert {r["requirements_notice"] for r in body["results"]} == {str(PROVISIONAL_NOTICE)}
    assert [r["slug"] for r in body["results"]] == [
        "ba-new-business",
        "ba-existing-business",
        "ba-internal-operations",
        "service-designer",
        "ux-ui-designer",
        "graphic-designer",
        "data-business-strategist",
        "data-science-professional",
        "data-engineer",
        "frontend-engineer",
        "backend-engineer",
        "cloud-engineer-sre",
        "physical-computing-engineer",
        "cybersecurity-manager",
        "cybersecurity-engineer",
    ]


def test_the_provisional_notice_is_in_the_request_language(api, standard):
    english = api.get(f"{BASE}/roles/data-engineer/", HTTP_ACCEPT_LANGUAGE="en").json()
    japanese = api.get(f"{BASE}/roles/data-engineer/", HTTP_ACCEPT_LANGUAGE="ja").json()

    assert english["requirements_notice"] == (
        "Provisional: these levels are a demonstration matrix written for this platform, "
        "not IPA's official role × skill importance table."
    )
    with translation.override("ja"):
        assert japanese["requirements_notice"] == str(PROVISIONAL_NOTICE)


def test_role_detail_by_slug(api, standard):
    response = api.get(f"{BASE}/roles/data-engineer/")

    assert response.status_code == 200
    body = response.json()
    assert {
        k: body[k] for k in ("slug", "uuid", "name", "hr_type", "hr_type_name", "requirements_status")
    } == {
        "slug": "data-engineer",
        "uuid": str(stable_uuid("dss-p-1.2", "role", "data-engineer")),
        "name": "データエンジニア",
        "hr_type": "data-scientist",
        "hr_type_name": "データサイエンティスト",
        "requirements_status": "provisional",
    }
    requirement = RoleSkillRequirement.objects.get(role__slug="data-engineer", skill__slug="ml-dl")
    assert next(r for r in body["requirements"] if r["skill"] == "ml-dl") == {
        "skill": "ml-dl",
        "skill_name": "機械学習・深層学習",
        "category": "data-utilization",
        "level": requirement.level.slug,
        "level_name": requirement.level.name_ja,
        "is_provisional": True,
    }
    assert [r["skill"] for r in body["requirements"]][:3] == [
        "business-strategy",
        "product-management",
        "change-management",
    ]


def test_role_detail_of_an_unknown_slug_is_404(api, standard):
    response = api.get(f"{BASE}/roles/astronaut/")

    assert response.status_code == 404


def test_roles_filtered_by_type(api, standard):
    response = api.get(f"{BASE}/roles/", {"hr_type": "data-scientist"})

    assert [r["slug"] for r in response.json()["results"]] == [
        "data-business-strategist",
        "data-science-professional",
        "data-engineer",
    ]


def test_roles_after_an_official_matrix_are_official_or_none(api, standard):
    role_skill_matrix_load(
        version=standard,
        rows=[{"role": "data-engineer", "skill": "ml-dl", "level": "b"}],
        is_provisional=False,
        source="official",
    )

    results = api.get(f"{BASE}/roles/").json()["results"]

    statuses = {
        r["slug"]: (r["requirements_status"], r["requirements_notice"], len(r["requirements"]))
        for r in results
    }
    assert statuses.pop("data-engineer") == ("official", "", 1)
    assert set(statuses.values()) == {("none", "", 0)}
    assert len(statuses) == 14


# --- skills ---------------------------------------------------------------------------------


def test_skills_list(api, standard, django_assert_num_queries):
    # version, count, skills with sub-category and category
    with django_assert_num_queries(3):
        response = api.get(f"{BASE}/skills/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 49
    assert body["next"] is None
    ml = next(s for s in body["results"] if s["slug"] == "ml-dl")
    assert ml == {
        "slug": "ml-dl",
        "uuid": str(stable_uuid("dss-p-1.2", "skill", "ml-dl")),
        "name": "機械学習・深層学習",
        "name_ja": "機械学習・深層学習",
        "name_en": "Machine learning & deep learning",
        "category": "data-utilization",
        "category_name": "データ活用",
        "subcategory": "ai-data-science",
        "subcategory_name": "AI・データサイエンス",
        "verification": "verified",
        "sources": ["S7", "S8"],
    }


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ({"category": "security"}, 6),
        ({"category": "technology"}, 13),
        ({"subcategory": "software-development"}, 10),
        ({"subcategory": "security-technology"}, 2),
        ({"category": "security", "subcategory": "security-technology"}, 2),
        ({"role": "data-engineer"}, 49),
        ({"role": "astronaut"}, 0),
        ({"category": "nope"}, 0),
    ],
)
def test_skills_filters(api, standard, query, count):
    response = api.get(f"{BASE}/skills/", query)

    assert response.status_code == 200
    assert response.json()["count"] == count
    assert len(response.json()["results"]) == count


def test_skills_filtered_by_category_are_that_category(api, standard):
    results = api.get(f"{BASE}/skills/", {"category": "security"}).json()["results"]

    assert [s["slug"] for s in results] == [
        "security-organization",
        "security-mgmt",
        "incident-bcp",
        "privacy",
        "secure-design-dev",
        "security-ops-monitoring",
    ]
    assert {s["category"] for s in results} == {"security"}


def test_skills_filtered_by_role_are_the_roles_requirements(api, standard, django_assert_num_queries):
    role_skill_matrix_load(
        version=standard,
        rows=[
            {"role": "data-engineer", "skill": "ml-dl", "level": "b"},
            {"role": "data-engineer", "skill": "data-platform-design", "level": "a"},
            {"role": "cloud-engineer-sre", "skill": "sre-process", "level": "a"},
        ],
        is_provisional=False,
        source="official",
    )

    with django_assert_num_queries(3):
        response = api.get(f"{BASE}/skills/", {"role": "data-engineer"})

    body = response.json()
    assert body["count"] == RoleSkillRequirement.objects.filter(role__slug="data-engineer").count() == 2
    assert [s["slug"] for s in body["results"]] == ["ml-dl", "data-platform-design"]


def test_skill_detail_by_slug(api, standard):
    response = api.get(f"{BASE}/skills/privacy/")

    assert response.status_code == 200
    assert response.json()["subcategory"] == "security-management"
    assert api.get(f"{BASE}/skills/juggling/").status_code == 404


def test_skills_pagination(api, standard):
    response = api.get(f"{BASE}/skills/", {"page_size": 10})

    body = response.json()
    assert body["count"] == 49
    assert len(body["results"]) == 10
    assert body["next"] == "http://testserver/api/v1/skills/skills/?page=2&page_size=10"
    assert body["previous"] is None

    last = api.get(f"{BASE}/skills/", {"page_size": 10, "page": 5}).json()
    assert len(last["results"]) == 9
    assert last["next"] is None
    assert last["results"][-1]["slug"] == "adaptability"


def test_a_page_past_the_end_is_404(api, standard):
    assert api.get(f"{BASE}/skills/", {"page_size": 10, "page": 6}).status_code == 404


def test_page_size_up_to_the_cap_returns_one_page(api, standard):
    body = api.get(f"{BASE}/skills/", {"page_size": 200}).json()

    assert (body["count"], len(body["results"]), body["next"]) == (49, 49, None)


@pytest.mark.parametrize(("name", "value"), [("page_size", "10000"), ("page_size", "0"), ("page_size", "2.5"),
                                             ("page_size", "x"), ("page", "0"), ("page", "last"), ("page", "-1")])  # fmt: skip
def test_page_and_page_size_outside_their_range_are_a_400_naming_them(api, standard, name, value):
    response = api.get(f"{BASE}/skills/", {name: value})

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == [name]


def test_an_empty_query_parameter_is_a_400_naming_it(api, standard):
    response = api.get(f"{BASE}/skills/?category=")

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == ["category"]


# --- versions -------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["dss-p-2.0", "2.0"])
def test_version_2_0_has_67_skills_and_no_roles(api, standard, version):
    assert api.get(f"{BASE}/skills/", {"version": version}).json()["count"] == 67
    assert api.get(f"{BASE}/roles/", {"version": version}).json()["count"] == 0
    assert api.get(f"{BASE}/types/", {"version": version}).json()["count"] == 0


def test_version_2_0_filters_by_its_own_categories(api, standard):
    response = api.get(f"{BASE}/skills/", {"version": "2.0", "category": "data-preparation-utilization"})

    assert response.json()["count"] == 14
    assert api.get(f"{BASE}/skills/", {"version": "2.0", "category": "data-utilization"}).json()["count"] == 0


@pytest.mark.parametrize("endpoint", ["types", "roles", "skills", "case"])
def test_an_unknown_version_is_a_400_naming_the_parameter(api, standard, endpoint):
    response = api.get(f"{BASE}/{endpoint}/", {"version": "nope"})

    assert response.status_code == 400
    assert response.json() == {
        "message": "Unknown standard version 'nope'.",
        "extra": {"fields": {"version": ["Unknown standard version 'nope'."]}},
    }


def test_the_literacy_version_is_not_a_dss_p_version(api, standard):
    assert api.get(f"{BASE}/skills/", {"version": "dss-l-2023-08"}).status_code == 400


def test_versions_list(api, standard, django_assert_num_queries):
    # count, versions
    with django_assert_num_queries(2):
        response = api.get(f"{BASE}/versions/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [
        (v["slug"], v["version"], v["published_on"], v["is_current"], v["roles_known"])
        for v in body["results"]
    ] == [
        ("dss-p-2.0", "2.0", "2026-04", False, False),
        ("dss-p-1.2", "1.2", "2024-07", True, True),
    ]
    assert body["results"][1]["uuid"] == str(stable_uuid("dss-p-1.2"))


# --- language -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "role", "type_", "skill", "category"),
    [
        ("en", "Data Engineer", "Data Scientist", "Machine learning & deep learning", "Data Utilization"),
        ("ja", "データエンジニア", "データサイエンティスト", "機械学習・深層学習", "データ活用"),
    ],
    ids=["en", "ja"],
)
def test_names_follow_accept_language(api, standard, language, role, type_, skill, category):
    headers = {"HTTP_ACCEPT_LANGUAGE": language}

    role_body = api.get(f"{BASE}/roles/data-engineer/", **headers).json()
    skill_body = api.get(f"{BASE}/skills/ml-dl/", **headers).json()

    assert (role_body["name"], role_body["hr_type_name"]) == (role, type_)
    assert (skill_body["name"], skill_body["category_name"]) == (skill, category)
    assert (role_body["name_ja"], role_body["name_en"]) == ("データエンジニア", "Data Engineer")


def test_without_accept_language_names_are_japanese(api, standard):
    assert api.get(f"{BASE}/roles/data-engineer/").json()["name"] == "データエンジニア"


# --- access and documentation ---------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ["types", "roles", "skills", "versions"])
def test_the_api_is_read_only(api, standard, endpoint):
    response = api.post(f"{BASE}/{endpoint}/", {"slug": "x"}, format="json")

    assert response.status_code == 405
    assert RoleSkillRequirement.objects.count() == 735


def test_openapi_schema_and_docs(api, standard):
    schema = api.get("/api/schema/")
    docs = api.get("/api/docs/")

    assert schema.status_code == 200
    assert schema["Content-Type"].startswith("application/vnd.oai.openapi")
    assert b"/api/v1/skills/roles/{slug}/" in schema.content
    assert b"/api/v1/skills/case/" in schema.content
    assert docs.status_code == 200
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs.content  # no CDN
    assert b"cdn.jsdelivr" not in docs.content
