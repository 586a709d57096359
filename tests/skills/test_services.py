import uuid

import pytest

from core.exceptions import ApplicationError
from skills.models import (
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
from skills.services import (
    STANDARD_NAMESPACE,
    LoadReport,
    role_skill_matrix_load,
    stable_uuid,
    standard_file_validate,
    standard_load,
)

from .helpers import skills_of, standard_delete, standard_snapshot, version_of

pytestmark = pytest.mark.django_db

# Rows of the project file, by the kind names the LoadReport uses.
PROJECT_FILE_ROWS = {
    "standardversion": 3,
    "humanresourcetype": 5,
    "role": 15,
    "level": 5,
    "skillcategory": 10,
    "skillsubcategory": 25,
    "skill": 116,
    "literacyarea": 4,
    "literacyitem": 14,
}


# --- stable identifiers ---------------------------------------------------------------------


def test_stable_uuid_is_uuid5_of_the_slug_path_in_the_standard_namespace():
    assert stable_uuid("dss-p-1.2", "role", "data-engineer") == uuid.uuid5(
        STANDARD_NAMESPACE, "dss-p-1.2/role/data-engineer"
    )
    # Pinned: a change of namespace or path format would change every identifier CASE consumers hold.
    assert stable_uuid("dss-p-1.2") == uuid.UUID("b704c0c8-628b-5758-b1c5-1971ca27296a")


@pytest.mark.parametrize(
    ("model", "kind", "count"),
    [
        (HumanResourceType, "type", 5),
        (Role, "role", 15),
        (Level, "level", 5),
        (SkillCategory, "category", 10),
        (SkillSubcategory, "subcategory", 25),
        (Skill, "skill", 116),
        (LiteracyArea, "literacy", 4),
        (LiteracyItem, "literacy-item", 14),
    ],
)
def test_every_row_uuid_is_the_stable_uuid_of_its_version_kind_and_slug(standard, model, kind, count):
    rows = list(model.objects.select_related("version"))

    assert len(rows) == count
    assert {row.pk: row.uuid for row in rows} == {
        row.pk: stable_uuid(row.version.slug, kind, row.slug) for row in rows
    }


def test_version_and_requirement_uuids_are_stable_uuids(standard):
    versions = list(StandardVersion.objects.all())
    requirements = list(RoleSkillRequirement.objects.select_related("role__version", "skill"))

    assert {v.slug: v.uuid for v in versions} == {v.slug: stable_uuid(v.slug) for v in versions}
    assert len(requirements) == 735
    assert {r.pk: r.uuid for r in requirements} == {
        r.pk: stable_uuid(r.role.version.slug, "requirement", r.role.slug, r.skill.slug) for r in requirements
    }


def test_uuids_are_the_same_after_deleting_everything_and_loading_again(standard, standard_data):
    before = {
        model._meta.model_name: set(model.objects.values_list("uuid", flat=True))
        for model in (StandardVersion, HumanResourceType, Role, Level, Skill, SkillSubcategory)
    }
    standard_delete()

    standard_load(data=standard_data)

    after = {
        model._meta.model_name: set(model.objects.values_list("uuid", flat=True))
        for model in (StandardVersion, HumanResourceType, Role, Level, Skill, SkillSubcategory)
    }
    assert after == before


# --- validation -----------------------------------------------------------------------------


def test_project_file_is_valid(standard_data):
    assert standard_file_validate(standard_data) == []


@pytest.mark.parametrize(
    "data",
    [None, [], {}, {"versions": []}, {"versions": "dss-p-1.2"}],
    ids=["none", "list", "empty-mapping", "no-versions", "versions-not-a-list"],
)
def test_validate_rejects_a_file_without_a_versions_list(data):
    assert standard_file_validate(data) == ["file: must have a non-empty 'versions' list"]


def test_validate_reports_every_problem_each_naming_its_entry(standard_data):
    v12 = version_of(standard_data, "dss-p-1.2")
    v12["roles"][0]["type"] = "astronaut"
    v12["types"][1]["name_ja"] = ""
    v20_skills = skills_of(version_of(standard_data, "dss-p-2.0"))
    v20_skills[3]["slug"] = first_v20_skill = v20_skills[0]["slug"]
    version_of(standard_data, "dss-l-2023-08")["published_on"] = "July 2023"

    errors = standard_file_validate(standard_data)

    assert errors == [
        "version 'dss-p-1.2' type 'designer': missing Japanese name (name_ja)",
        "version 'dss-p-1.2' role 'ba-new-business': unknown type 'astronaut'",
        f"version 'dss-p-2.0' skill '{first_v20_skill}': duplicate slug",
        "version 'dss-l-2023-08': bad publication date 'July 2023'",
    ]


@pytest.mark.parametrize("name_ja", [2024, 1.5, ["ロール"]], ids=["int", "float", "list"])
def test_validate_rejects_a_japanese_name_that_is_not_text(standard_data, name_ja):
    skill = skills_of(version_of(standard_data, "dss-p-1.2"))[0]
    skill["name_ja"] = name_ja

    assert standard_file_validate(standard_data) == [
        f"version 'dss-p-1.2' skill '{skill['slug']}': Japanese name (name_ja) must be text"
    ]


def test_validate_rejects_an_english_name_that_is_not_text(standard_data):
    role = version_of(standard_data, "dss-p-1.2")["roles"][2]
    role["name_en"] = 2030

    assert standard_file_validate(standard_data) == [
        f"version 'dss-p-1.2' role '{role['slug']}': English name (name_en) must be text"
    ]


# --- loading --------------------------------------------------------------------------------


def test_load_twice_creates_and_updates_nothing_the_second_time(standard, standard_data):
    # given the project file already loaded (session setup) with the provisional matrix
    before = standard_snapshot()

    # when
    report = standard_load(data=standard_data)

    # then
    assert report.changed is False
    assert sum(report.created.values()) == 0
    assert sum(report.updated.values()) == 0
    assert sum(report.deleted.values()) == 0
    assert dict(report.unchanged) == PROJECT_FILE_ROWS
    assert standard_snapshot() == before  # every field, updated_at included


def test_load_into_an_empty_database_creates_every_row(standard, standard_data):
    standard_delete()

    report = standard_load(data=standard_data)

    assert dict(report.created) == PROJECT_FILE_ROWS
    assert sum(report.updated.values()) == 0
    assert sum(report.unchanged.values()) == 0
    assert report.changed is True


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        (
            "dss-p-1.2",
            {"types": 5, "roles": 15, "levels": 5, "categories": 5, "subcategories": 12, "skills": 49},
        ),
        (
            "dss-p-2.0",
            {"types": 0, "roles": 0, "levels": 0, "categories": 5, "subcategories": 13, "skills": 67},
        ),
        ("dss-l-2023-08", {"literacy_areas": 4, "literacy_items": 14}),
    ],
)
def test_rows_per_version_match_the_standard(standard, slug, expected):
    version = StandardVersion.objects.get(slug=slug)

    assert {name: getattr(version, name).count() for name in expected} == expected


def test_versions_are_loaded_with_their_attributes(standard):
    rows = StandardVersion.objects.order_by("slug").values_list(
        "slug", "part", "version", "published_on_precision", "is_current", "roles_known"
    )

    assert list(rows) == [
        ("dss-l-2023-08", "literacy", "2023-08", "month", True, False),
        ("dss-p-1.2", "promotion", "1.2", "month", True, True),
        ("dss-p-2.0", "promotion", "2.0", "month", False, False),
    ]
    assert standard.published_display == "2024-07"


def test_levels_are_loaded_with_their_ranks(standard):
    assert list(standard.levels.values_list("slug", "rank")) == [
        ("a", 4),
        ("b", 3),
        ("c", 2),
        ("d", 1),
        ("z", None),
    ]


def test_a_changed_name_updates_only_that_row(standard, standard_data):
    # given
    role = Role.objects.get(version=standard, slug="data-engineer")
    others_before = list(Role.objects.exclude(pk=role.pk).order_by("pk").values())
    entry = next(r for r in version_of(standard_data, "dss-p-1.2")["roles"] if r["slug"] == "data-engineer")
    entry["name_en"] = "Data Engineer (renamed)"

    # when
    report = standard_load(data=standard_data)

    # then
    assert report.updated == {"role": 1}
    assert sum(report.created.values()) == 0
    role_after = Role.objects.get(pk=role.pk)
    assert role_after.name_en == "Data Engineer (renamed)"
    assert role_after.uuid == role.uuid
    assert role_after.updated_at > role.updated_at
    assert list(Role.objects.exclude(pk=role.pk).order_by("pk").values()) == others_before


def test_moving_the_current_flag_counts_both_versions_as_updated(standard, standard_data):
    # given a file that makes 2.0 the current DSS-P version
    version_of(standard_data, "dss-p-1.2")["is_current"] = False
    version_of(standard_data, "dss-p-2.0")["is_current"] = True
    old_current = StandardVersion.objects.get(slug="dss-p-1.2")

    # when
    report = standard_load(data=standard_data)

    # then exactly one current version per part, and the report says what changed
    assert list(StandardVersion.objects.filter(is_current=True).order_by("slug").values_list("slug")) == [
        ("dss-l-2023-08",),
        ("dss-p-2.0",),
    ]
    assert report.updated == {"standardversion": 2}
    assert StandardVersion.objects.get(slug="dss-p-1.2").updated_at > old_current.updated_at


def test_a_file_that_leaves_out_the_current_version_clears_its_flag(standard, standard_data):
    # given a file with only DSS-P 2.0, marked current
    v20 = version_of(standard_data, "dss-p-2.0")
    v20["is_current"] = True
    standard_data["versions"] = [v20]

    # when
    report = standard_load(data=standard_data)

    # then
    assert report.updated == {"standardversion": 2}
    assert list(
        StandardVersion.objects.filter(part="promotion", is_current=True).values_list("slug", flat=True)
    ) == ["dss-p-2.0"]


def test_a_version_with_an_empty_english_name_loads(standard, standard_data):
    version_of(standard_data, "dss-p-2.0")["name_en"] = None

    report = standard_load(data=standard_data)

    assert report.updated == {"standardversion": 1}
    assert StandardVersion.objects.get(slug="dss-p-2.0").name_en == ""


def test_rows_missing_from_the_file_are_kept(standard, standard_data):
    v12 = version_of(standard_data, "dss-p-1.2")
    v12["roles"] = [r for r in v12["roles"] if r["slug"] != "data-engineer"]

    report = standard_load(data=standard_data)

    # the six roles after it move up one place; the role left out stays
    assert report.updated == {"role": 6}
    assert sum(report.created.values()) == 0
    assert Role.objects.filter(version=standard).count() == 15
    assert Role.objects.filter(version=standard, slug="data-engineer").count() == 1
    assert RoleSkillRequirement.objects.filter(role__slug="data-engineer").count() == 49


def test_invalid_data_raises_application_error_listing_errors_and_writes_nothing(standard, standard_data):
    before = standard_snapshot()
    version_of(standard_data, "dss-p-1.2")["roles"].append(
        {"slug": "new-role", "name_ja": "新ロール", "type": "data-scientist"}
    )
    version_of(standard_data, "dss-p-2.0")["categories"][0]["name_ja"] = " "

    with pytest.raises(ApplicationError) as raised:
        standard_load(data=standard_data)

    assert raised.value.extra == {
        "errors": ["version 'dss-p-2.0' category 'business-transformation': missing Japanese name (name_ja)"]
    }
    assert raised.value.message == (
        "The standard file is invalid:\n"
        "version 'dss-p-2.0' category 'business-transformation': missing Japanese name (name_ja)"
    )
    assert standard_snapshot() == before


# --- role × skill matrix --------------------------------------------------------------------


def test_matrix_load_replaces_the_matrix_whole(standard):
    rows = [
        {"role": "data-engineer", "skill": "data-platform-design", "level": "a"},
        {"role": "data-engineer", "skill": "ml-dl", "level": "z"},
    ]

    report = role_skill_matrix_load(version=standard, rows=rows, is_provisional=False, source="official")

    assert report.deleted == {"roleskillrequirement": 733}
    assert report.updated == {"roleskillrequirement": 2}
    assert list(
        RoleSkillRequirement.objects.order_by("skill__order").values_list(
            "role__slug", "skill__slug", "level__slug", "is_provisional", "source"
        )
    ) == [
        ("data-engineer", "ml-dl", "z", False, "official"),
        ("data-engineer", "data-platform-design", "a", False, "official"),
    ]


def test_matrix_load_reports_every_bad_row_and_changes_nothing(standard):
    before = standard_snapshot()
    rows = [
        {"role": "data-engineer", "skill": "ml-dl", "level": "a"},
        {"role": "astronaut", "skill": "ml-dl", "level": "a"},
        {"role": "data-engineer", "skill": "juggling", "level": "a"},
        {"role": "data-engineer", "skill": "ml-dl", "level": "e"},
        {"role": "data-engineer", "skill": "ml-dl", "level": "b"},
        {"role": "", "skill": "", "level": ""},
    ]

    with pytest.raises(ApplicationError) as raised:
        role_skill_matrix_load(version=standard, rows=rows, is_provisional=False, source="x")

    assert raised.value.extra["errors"] == [
        "line 3 (astronaut, ml-dl): unknown role 'astronaut'",
        "line 4 (data-engineer, juggling): unknown skill 'juggling'",
        "line 5 (data-engineer, ml-dl): unknown level code 'e' (expected one of a, b, c, d, z)",
        "line 5 (data-engineer, ml-dl): duplicate role and skill pair",
        "line 6 (data-engineer, ml-dl): duplicate role and skill pair",
        "line 7 (?, ?): unknown role ''",
        "line 7 (?, ?): unknown skill ''",
        "line 7 (?, ?): unknown level code '' (expected one of a, b, c, d, z)",
    ]
    assert standard_snapshot() == before


def test_matrix_load_of_no_rows_is_rejected(standard):
    with pytest.raises(ApplicationError) as raised:
        role_skill_matrix_load(version=standard, rows=[], is_provisional=True, source="x")

    assert raised.value.extra == {"errors": ["file: no rows"]}
    assert RoleSkillRequirement.objects.count() == 735


def test_load_report_summary():
    report = LoadReport()
    report.created["role"] += 2
    report.unchanged["skill"] += 49
    report.deleted["role"] += 1

    assert report.summary() == (
        "role: 2 created, 0 updated, 0 unchanged, 1 deleted; skill: 0 created, 0 updated, 49 unchanged"
    )
    assert LoadReport().summary() == "nothing to load"
    assert LoadReport().changed is False
