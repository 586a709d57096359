import pytest

from skills import selectors
from skills.models import StandardVersion
from skills.services import role_skill_matrix_load

pytestmark = pytest.mark.django_db


def test_version_get_without_a_name_is_the_current_version(standard):
    assert selectors.standard_version_get() == standard
    assert selectors.standard_version_get(part=StandardVersion.Part.LITERACY).slug == "dss-l-2023-08"


@pytest.mark.parametrize("name", ["dss-p-2.0", "2.0"])
def test_version_get_by_slug_or_number(standard, name):
    assert selectors.standard_version_get(version=name).slug == "dss-p-2.0"


def test_version_get_of_another_part_is_unknown(standard):
    with pytest.raises(selectors.UnknownVersionError) as raised:
        selectors.standard_version_get(version="dss-l-2023-08")

    assert raised.value.message == "Unknown standard version 'dss-l-2023-08'."
    assert raised.value.extra == {"fields": {"version": ["Unknown standard version 'dss-l-2023-08'."]}}


def test_version_get_without_a_current_version_raises(standard):
    StandardVersion.objects.filter(part=StandardVersion.Part.PROMOTION).update(is_current=False)

    with pytest.raises(selectors.UnknownVersionError) as raised:
        selectors.standard_version_get()

    assert raised.value.message == "No current standard version is loaded."


def test_version_list_is_newest_first_and_of_one_part(standard):
    assert [v.slug for v in selectors.standard_version_list()] == ["dss-p-2.0", "dss-p-1.2"]
    assert [v.slug for v in selectors.standard_version_list(part="literacy")] == ["dss-l-2023-08"]


def test_hr_type_list_prefetches_roles_in_order(standard, django_assert_num_queries):
    with django_assert_num_queries(2):
        types = {t.slug: [r.slug for r in t.roles.all()] for t in selectors.hr_type_list(version=standard)}

    assert types == {
        "business-architect": ["ba-new-business", "ba-existing-business", "ba-internal-operations"],
        "designer": ["service-designer", "ux-ui-designer", "graphic-designer"],
        "data-scientist": ["data-business-strategist", "data-science-professional", "data-engineer"],
        "software-engineer": [
            "frontend-engineer",
            "backend-engineer",
            "cloud-engineer-sre",
            "physical-computing-engineer",
        ],
        "cybersecurity": ["cybersecurity-manager", "cybersecurity-engineer"],
    }


def test_role_list_prefetches_requirements(standard, django_assert_num_queries):
    with django_assert_num_queries(2):
        roles = {
            r.slug: (r.hr_type.slug, len({q.skill.subcategory.category.slug for q in r.requirements.all()}))
            for r in selectors.role_list(version=standard)
        }

    assert len(roles) == 15
    assert roles["data-engineer"] == ("data-scientist", 5)


def test_role_get(standard):
    assert selectors.role_get(version=standard, slug="data-engineer").name_ja == "データエンジニア"
    assert selectors.role_get(version=standard, slug="astronaut") is None
    assert (
        selectors.role_get(version=StandardVersion.objects.get(slug="dss-p-2.0"), slug="data-engineer")
        is None
    )


@pytest.mark.parametrize(
    ("filters", "count"),
    [
        ({}, 49),
        ({"category": "security"}, 6),
        ({"category": "technology"}, 13),
        ({"subcategory": "software-development"}, 10),
        ({"category": "security", "subcategory": "software-development"}, 0),
        ({"role": "data-engineer"}, 49),
        ({"category": "nope"}, 0),
    ],
)
def test_skill_list_filters(standard, filters, count):
    assert selectors.skill_list(version=standard, **filters).count() == count


def test_skill_list_by_role_follows_the_matrix(standard):
    role_skill_matrix_load(
        version=standard,
        rows=[
            {"role": "data-engineer", "skill": "ml-dl", "level": "b"},
            {"role": "data-engineer", "skill": "data-platform-design", "level": "a"},
            {"role": "cloud-engineer-sre", "skill": "sre-process", "level": "a"},
        ],
        is_provisional=False,
        source="test",
    )

    skills = selectors.skill_list(version=standard, role="data-engineer")

    assert [s.slug for s in skills] == ["ml-dl", "data-platform-design"]


def test_skill_list_of_2_0(standard):
    v20 = StandardVersion.objects.get(slug="dss-p-2.0")

    assert selectors.skill_list(version=v20).count() == 67
    assert selectors.skill_list(version=v20, category="security").count() == 6


def test_category_tree_takes_three_queries(standard, django_assert_num_queries):
    with django_assert_num_queries(3):
        tree = [
            (c.slug, [(s.slug, len(s.skills.all())) for s in c.subcategories.all()])
            for c in selectors.category_tree(version=standard)
        ]

    assert tree == [
        (
            "business-transformation",
            [("strategy-management-systems", 6), ("business-model-process", 6), ("design", 5)],
        ),
        ("data-utilization", [("strategic-data-ai", 3), ("ai-data-science", 2), ("data-engineering", 2)]),
        ("technology", [("software-development", 10), ("digital-technology", 3)]),
        ("security", [("security-management", 4), ("security-technology", 2)]),
        ("personal-skills", [("human-skills", 2), ("conceptual-skills", 4)]),
    ]


def test_literacy_area_list(standard):
    literacy = StandardVersion.objects.get(slug="dss-l-2023-08")

    areas = {a.slug: len(a.items.all()) for a in selectors.literacy_area_list(version=literacy)}

    assert areas == {"mind-stance": 7, "why": 3, "what": 2, "how": 2}


def test_role_matrix_lists_every_skill_with_the_requirement_where_there_is_one(standard):
    role_skill_matrix_load(
        version=standard,
        rows=[{"role": "data-engineer", "skill": "ml-dl", "level": "b"}],
        is_provisional=False,
        source="test",
    )
    role = selectors.role_get(version=standard, slug="data-engineer")

    rows = selectors.role_matrix(role=role)

    assert len(rows) == 49
    assert [(r.skill.slug, r.requirement.level.slug) for r in rows if r.requirement] == [("ml-dl", "b")]
    assert rows[0].category.slug == "business-transformation"
    assert rows[-1].subcategory.slug == "conceptual-skills"
