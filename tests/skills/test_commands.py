"""manage.py load_skill_standard: a bad standard file or matrix is a CommandError naming the entry or
line and the problem, and leaves every table of the standard exactly as it was."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from skills.models import Role, RoleSkillRequirement, StandardVersion
from tests.conftest import MATRIX

from .helpers import skills_of, standard_snapshot, version_of

pytestmark = pytest.mark.django_db


def run(**options) -> str:
    out = io.StringIO()
    call_command("load_skill_standard", stdout=out, **options)
    return out.getvalue()


# --- the standard file ----------------------------------------------------------------------


def test_loading_the_project_file_again_changes_nothing(standard):
    before = standard_snapshot()

    output = run()

    assert output == (
        "dss.yaml: humanresourcetype: 0 created, 0 updated, 5 unchanged; "
        "level: 0 created, 0 updated, 5 unchanged; "
        "literacyarea: 0 created, 0 updated, 4 unchanged; "
        "literacyitem: 0 created, 0 updated, 14 unchanged; "
        "role: 0 created, 0 updated, 15 unchanged; "
        "skill: 0 created, 0 updated, 116 unchanged; "
        "skillcategory: 0 created, 0 updated, 10 unchanged; "
        "skillsubcategory: 0 created, 0 updated, 25 unchanged; "
        "standardversion: 0 created, 0 updated, 3 unchanged\n"
    )
    assert standard_snapshot() == before


def test_file_option_loads_the_given_file(standard, standard_data, write_yaml):
    before = standard_snapshot()

    output = run(file=write_yaml(standard_data, "copy.yaml"))

    assert output.startswith("copy.yaml: humanresourcetype: 0 created, 0 updated, 5 unchanged;")
    assert standard_snapshot() == before


def _unknown_type(data):
    version_of(data, "dss-p-1.2")["roles"][4]["type"] = "astronaut"


def _duplicate_skill_slug(data):
    skills = skills_of(version_of(data, "dss-p-1.2"))
    skills[10]["slug"] = skills[2]["slug"]


def _unknown_level_code(data):
    version_of(data, "dss-p-1.2")["levels"].append({"code": "e", "rank": 0, "name_ja": "不明"})


def _missing_japanese_name(data):
    del skills_of(version_of(data, "dss-p-2.0"))[7]["name_ja"]


def _two_current_versions(data):
    version_of(data, "dss-p-2.0")["is_current"] = True


BAD_FILES = [
    pytest.param(
        _unknown_type,
        "version 'dss-p-1.2' role 'ux-ui-designer': unknown type 'astronaut'",
        id="unknown-type-on-role",
    ),
    pytest.param(
        _duplicate_skill_slug,
        "version 'dss-p-1.2' skill 'change-management': duplicate slug",
        id="duplicate-skill-slug",
    ),
    pytest.param(
        _unknown_level_code,
        "version 'dss-p-1.2' level 'e': unknown level code (expected one of a, b, c, d, z)",
        id="unknown-level-code",
    ),
    pytest.param(
        _missing_japanese_name,
        "version 'dss-p-2.0' skill 'business-transformation-2-3': missing Japanese name (name_ja)",
        id="missing-japanese-name",
    ),
    pytest.param(
        _two_current_versions,
        "part 'promotion': 2 versions are marked current; at most one may be",
        id="two-current-versions",
    ),
]


@pytest.mark.parametrize(("mutate", "error"), BAD_FILES)
def test_a_bad_standard_file_is_rejected_and_changes_nothing(
    standard, standard_data, write_yaml, mutate, error
):
    # given
    mutate(standard_data)
    path = write_yaml(standard_data)
    before = standard_snapshot()

    # when
    with pytest.raises(CommandError) as raised:
        run(file=path)

    # then
    assert str(raised.value) == f"The standard file is invalid:\n{error}"
    assert standard_snapshot() == before


def test_invalid_yaml_is_rejected_and_changes_nothing(standard, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("versions:\n  - slug: dss-p-9\n    name_ja: [unclosed\n", encoding="utf-8")
    before = standard_snapshot()

    with pytest.raises(CommandError) as raised:
        run(file=path)

    assert str(raised.value).startswith(f"{path}: not valid YAML (")
    assert standard_snapshot() == before


def test_a_yaml_file_that_is_not_a_standard_is_rejected(standard, tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    before = standard_snapshot()

    with pytest.raises(CommandError) as raised:
        run(file=path)

    assert str(raised.value) == "The standard file is invalid:\nfile: must have a non-empty 'versions' list"
    assert standard_snapshot() == before


def test_a_missing_file_is_rejected(standard, tmp_path):
    path = tmp_path / "absent.yaml"

    with pytest.raises(CommandError) as raised:
        run(file=path)

    assert str(raised.value) == f"{path}: cannot read (No such file or directory)"


def test_a_name_that_is_not_text_is_rejected_and_changes_nothing(standard, standard_data, write_yaml):
    # YAML reads an unquoted 2030 as a number
    version_of(standard_data, "dss-p-1.2")["roles"][0]["name_ja"] = 2030
    before = standard_snapshot()

    with pytest.raises(CommandError) as raised:
        run(file=write_yaml(standard_data))

    assert str(raised.value) == (
        "The standard file is invalid:\n"
        "version 'dss-p-1.2' role 'ba-new-business': Japanese name (name_ja) must be text"
    )
    assert standard_snapshot() == before


def test_a_new_valid_role_is_not_created_when_another_entry_is_bad(standard, standard_data, write_yaml):
    # given a file adding a valid role to 1.2 and a bad skill to 2.0
    version_of(standard_data, "dss-p-1.2")["roles"].append(
        {"slug": "ai-engineer", "name_ja": "AIエンジニア", "type": "data-scientist"}
    )
    skills_of(version_of(standard_data, "dss-p-2.0"))[0]["name_ja"] = ""
    path = write_yaml(standard_data)
    before = standard_snapshot()

    # when
    with pytest.raises(CommandError) as raised:
        run(file=path)

    # then
    assert str(raised.value).splitlines()[1].endswith(": missing Japanese name (name_ja)")
    assert Role.objects.filter(slug="ai-engineer").count() == 0
    assert standard_snapshot() == before


def test_the_same_file_with_a_new_role_creates_only_that_role(standard, standard_data, write_yaml):
    version_of(standard_data, "dss-p-1.2")["roles"].append(
        {"slug": "ai-engineer", "name_ja": "AIエンジニア", "type": "data-scientist"}
    )

    output = run(file=write_yaml(standard_data))

    assert "role: 1 created, 0 updated, 15 unchanged" in output
    role = Role.objects.get(slug="ai-engineer")
    assert (role.version.slug, role.hr_type.slug, role.order) == ("dss-p-1.2", "data-scientist", 15)


# --- the matrix -----------------------------------------------------------------------------

GOOD_ROW = ("data-engineer", "data-platform-design", "a")

BAD_MATRICES = [
    pytest.param(
        [GOOD_ROW, ("astronaut", "ml-dl", "b")],
        "line 3 (astronaut, ml-dl): unknown role 'astronaut'",
        id="unknown-role",
    ),
    pytest.param(
        [GOOD_ROW, ("data-engineer", "juggling", "b")],
        "line 3 (data-engineer, juggling): unknown skill 'juggling'",
        id="unknown-skill",
    ),
    pytest.param(
        [GOOD_ROW, ("data-engineer", "ml-dl", "e")],
        "line 3 (data-engineer, ml-dl): unknown level code 'e' (expected one of a, b, c, d, z)",
        id="unknown-level-code",
    ),
    pytest.param(
        [GOOD_ROW, ("data-engineer", "ml-dl", "b"), ("data-engineer", "data-platform-design", "c")],
        "line 4 (data-engineer, data-platform-design): duplicate role and skill pair",
        id="duplicate-pair",
    ),
]


@pytest.mark.parametrize(("rows", "error"), BAD_MATRICES)
def test_a_bad_matrix_is_rejected_naming_the_line_and_changes_nothing(standard, write_csv, rows, error):
    path = write_csv(rows)
    before = standard_snapshot()

    with pytest.raises(CommandError) as raised:
        run(matrix=path)

    assert str(raised.value) == f"The matrix file is invalid:\n{error}"
    assert standard_snapshot() == before


def test_a_matrix_with_a_missing_column_is_rejected_and_changes_nothing(standard, write_csv):
    path = write_csv([("data-engineer", "ml-dl")], header=("role", "skill"))
    before = standard_snapshot()

    with pytest.raises(CommandError) as raised:
        run(matrix=path)

    assert str(raised.value) == f"{path}: missing column(s) level (expected role,skill,level)"
    assert standard_snapshot() == before


def test_a_matrix_with_only_a_header_is_rejected(standard, write_csv):
    before = standard_snapshot()

    with pytest.raises(CommandError) as raised:
        run(matrix=write_csv([]))

    assert str(raised.value) == "The matrix file is invalid:\nfile: no rows"
    assert standard_snapshot() == before


def test_a_matrix_for_an_unknown_version_is_rejected(standard, write_csv):
    before = standard_snapshot()

    with pytest.raises(CommandError) as raised:
        run(matrix=write_csv([GOOD_ROW]), version_slug="dss-p-9.9")

    assert str(raised.value) == (
        "--standard-version: no standard version 'dss-p-9.9'; load the standard first"
    )
    assert standard_snapshot() == before


def test_a_matrix_for_a_version_without_roles_is_rejected(standard, write_csv):
    with pytest.raises(CommandError) as raised:
        run(matrix=write_csv([GOOD_ROW]), version_slug="dss-p-2.0")

    assert str(raised.value) == (
        "The matrix file is invalid:\n"
        "line 2 (data-engineer, data-platform-design): unknown role 'data-engineer'\n"
        "line 2 (data-engineer, data-platform-design): unknown skill 'data-platform-design'\n"
        "line 2 (data-engineer, data-platform-design): unknown level code 'a' (expected one of )"
    )
    assert RoleSkillRequirement.objects.count() == 735


def test_an_official_matrix_replaces_the_provisional_one_whole(standard, write_csv):
    # given the provisional matrix (15 roles × 49 skills) and an official one of two rows
    path = write_csv([GOOD_ROW, ("cloud-engineer-sre", "sre-process", "b")], name="official.csv")

    # when
    output = run(matrix=path)

    # then
    assert output == (
        "official.csv → dss-p-1.2: roleskillrequirement: 0 created, 2 updated, 0 unchanged, 733 deleted\n"
    )
    assert list(
        RoleSkillRequirement.objects.order_by("role__order").values_list(
            "role__slug", "skill__slug", "level__slug", "is_provisional", "source"
        )
    ) == [
        ("data-engineer", "data-platform-design", "a", False, "official.csv"),
        ("cloud-engineer-sre", "sre-process", "b", False, "official.csv"),
    ]


def test_the_standard_version_option_picks_the_version(standard, write_csv):
    output = run(matrix=write_csv([GOOD_ROW]), version_slug="dss-p-1.2", provisional=True)

    assert (
        output
        == "matrix.csv → dss-p-1.2: roleskillrequirement: 0 created, 1 updated, 0 unchanged, 734 deleted\n"
    )
    assert list(RoleSkillRequirement.objects.values_list("is_provisional", "source")) == [
        (True, "matrix.csv (provisional)")
    ]


def test_reloading_the_provisional_matrix_changes_nothing(standard):
    before = standard_snapshot()

    output = run(matrix=MATRIX, provisional=True)

    assert output == (
        "provisional_role_skill_matrix.csv → dss-p-1.2: "
        "roleskillrequirement: 0 created, 0 updated, 735 unchanged\n"
    )
    assert standard_snapshot() == before


def test_the_provisional_matrix_covers_every_role_and_skill(standard):
    requirements = RoleSkillRequirement.objects.filter(role__version=standard)

    assert requirements.count() == 735
    assert requirements.values("role").distinct().count() == 15
    assert requirements.values("skill").distinct().count() == 49
    assert (
        requirements.filter(
            is_provisional=True, source="provisional_role_skill_matrix.csv (provisional)"
        ).count()
        == 735
    )


def test_loading_the_provisional_matrix_after_an_official_one_restores_it(standard, write_csv):
    run(matrix=write_csv([GOOD_ROW], name="official.csv"))

    output = run(matrix=MATRIX, provisional=True)

    assert output == (
        "provisional_role_skill_matrix.csv → dss-p-1.2: "
        "roleskillrequirement: 734 created, 1 updated, 0 unchanged\n"
    )
    assert RoleSkillRequirement.objects.filter(is_provisional=True).count() == 735


def test_file_and_matrix_together_load_both(standard, standard_data, write_yaml, write_csv):
    version_of(standard_data, "dss-p-1.2")["roles"].append(
        {"slug": "ai-engineer", "name_ja": "AIエンジニア", "type": "data-scientist"}
    )
    matrix = write_csv([("ai-engineer", "ml-dl", "a")])

    run(file=write_yaml(standard_data), matrix=matrix)

    assert list(RoleSkillRequirement.objects.values_list("role__slug", "skill__slug", "level__slug")) == [
        ("ai-engineer", "ml-dl", "a")
    ]
    assert StandardVersion.objects.get(slug="dss-p-1.2").roles.count() == 16
