"""scripts/build_standard_data.py: the reference is an argument, a new version is data (issue #10)."""

import copy
import importlib.util
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from skills.models import Role, StandardVersion
from skills.services import standard_file_validate, standard_load

ROOT = Path(settings.BASE_DIR)
REFERENCE = ROOT.parent / "shared" / "reference" / "dss.yaml"


def _script():
    spec = importlib.util.spec_from_file_location(
        "build_standard_data", ROOT / "scripts" / "build_standard_data.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _versions() -> list[dict]:
    return yaml.safe_load((ROOT / "skills" / "data" / "versions.yaml").read_text(encoding="utf-8"))[
        "versions"
    ]


SMALL_REFERENCE = {
    "dss_p_test": {
        "types": [{"slug": "business-architect", "ja": "ビジネスアーキテクト", "en": "Business architect", "verified": True}],
        "roles": [
            {"slug": "test-role", "ja": "試験ロール", "en": "Test role", "type": "business-architect", "verified": False}
        ],
        "level_scale": {
            "levels": [
                {"code": code, "rank": rank, "ja": code, "en": code, "verified": True}
                for code, rank in (("a", 4), ("b", 3), ("c", 2), ("d", 1), ("z", None))
            ]
        },
        "common_skill_list": {
            "categories": [
                {
                    "slug": "test-category", "ja": "試験カテゴリー", "en": "Test category",
                    "subcategories": [
                        {"slug": "test-sub", "ja": "試験サブ", "en": "Test sub",
                         "items": [{"slug": "test-skill", "ja": "試験スキル", "en": "Test skill"}]}
                    ],
                }
            ]
        },
    }
}  # fmt: skip


def test_the_committed_standard_is_what_the_script_builds_from_the_reference(tmp_path):
    if not REFERENCE.exists():
        pytest.skip(f"the shared reference is not beside the checkout ({REFERENCE})")
    out = tmp_path / "dss.yaml"

    _script().main([str(REFERENCE), "--out", str(out)])

    assert out.read_text(encoding="utf-8") == (ROOT / "skills" / "data" / "dss.yaml").read_text(
        encoding="utf-8"
    )


def test_a_new_version_is_an_entry_in_versions_yaml_not_a_new_function(db, tmp_path):
    """The recipe of docs/recipes.md, "A version of the standard": one more entry, no code."""
    entry = copy.deepcopy(_versions()[0]) | {
        "reference": "dss_p_test",
        "slug": "dss-p-test-9.9",
        "version": "9.9",
        "published_on": "2099-01",
        "is_current": False,
        "note": "A test version built from a hand-made reference section.",
    }
    data = _script().build(SMALL_REFERENCE, [entry])

    assert standard_file_validate(data) == []
    standard_load(data=data)
    version = StandardVersion.objects.get(slug="dss-p-test-9.9")
    assert not version.is_current
    assert list(Role.objects.filter(version=version).values_list("slug", "name_ja")) == [
        ("test-role", "試験ロール")
    ]
    assert version.levels.count() == 5


def test_an_unknown_shape_or_section_is_refused_naming_the_version():
    entry = copy.deepcopy(_versions()[0]) | {"reference": "dss_p_test", "shape": "matrix", "slug": "dss-p-x"}
    with pytest.raises(SystemExit, match="dss-p-x: unknown shape 'matrix'"):
        _script().build(SMALL_REFERENCE, [entry])
    entry |= {"shape": "promotion", "reference": "nowhere"}
    with pytest.raises(SystemExit, match="dss-p-x: unknown reference section 'nowhere'"):
        _script().build(SMALL_REFERENCE, [entry])
