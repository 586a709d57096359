"""Build skills/data/dss.yaml (the product's copy of the standard) from the shared reference.

Usage: python scripts/build_standard_data.py [../shared/reference/dss.yaml]

The reference (compiled from public sources, each fact flagged verified / partial / false) is the
only input: this script renames fields and adds slugs where the reference gives none; it never
adds a name. Run it again when the reference changes, read the diff, and commit both.
"""

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "skills" / "data" / "dss.yaml"
VERIFICATION = {True: "verified", "partial": "partial", False: "unverified", None: "unverified"}


def provenance(row: dict, default: object = None) -> dict:
    """The row's verified flag, sources and note, in the product's vocabulary."""
    flag = row.get("verified", default)
    out = {"verification": VERIFICATION[flag], "sources": list(row.get("src", []))}
    if row.get("note"):
        out["note"] = " ".join(str(row["note"]).split())
    return out


def named(row: dict, slug: str, default: object = None) -> dict:
    return {"slug": slug, "name_ja": row["ja"], "name_en": row.get("en", "")} | provenance(row, default)


def build_v1(ref: dict) -> dict:
    p = ref["dss_p_v1"]
    cats = []
    for cat in p["common_skill_list"]["categories"]:
        subs = []
        for sub in cat["subcategories"]:
            skills = [named(item, item["slug"]) for item in sub["items"]]
            subs.append(named(sub, sub["slug"]) | {"skills": skills})
        cats.append(named(cat, cat["slug"]) | {"subcategories": subs})
    scale = p["level_scale"]
    levels = [
        {"code": lv["code"], "rank": lv["rank"], "name_ja": lv["ja"], "name_en": lv["en"]} | provenance(lv)
        for lv in scale["levels"]
    ]
    return {
        "slug": "dss-p-1.2",
        "part": "promotion",
        "name_ja": "DX推進スキル標準",
        "name_en": "DX Promotion Skill Standard",
        "version": "1.2",
        "published_on": "2024-07",
        "is_current": True,
        "roles_known": True,
        "verification": "verified",
        "sources": ["S1", "S2", "S3", "S5"],
        "note": "ver.1.0 published 2022-12-21; ver.1.2 (2024-07) revised DSS-P for generative AI.",
        "types": [named(t, t["slug"]) for t in p["types"]],
        "roles": [named(r, r["slug"]) | {"type": r["type"]} for r in p["roles"]],
        "levels": levels,
        "categories": cats,
    }


def build_v2(ref: dict, v1: dict) -> dict:
    """v2.0 list: reuse a v1 slug where the Japanese name is the same, else a positional slug."""
    v2 = ref["dss_p_v2_common_skill_list"]
    v1_subs = {s["name_ja"]: s["slug"] for c in v1["categories"] for s in c["subcategories"]}
    v1_skills = {
        k["name_ja"]: k["slug"] for c in v1["categories"] for s in c["subcategories"] for k in s["skills"]
    }
    common = {
        "verification": "partial",
        "sources": ["S9"],
        "note": "Japanese as transcribed by a third-party extraction of the IPA PDF; English is that author's translation.",
    }
    cats = []
    for cat in v2["categories"]:
        subs = []
        for si, sub in enumerate(cat["subcategories"], start=1):
            skills = []
            for ii, item in enumerate(sub["items"], start=1):
                slug = v1_skills.get(item["ja"], f"{cat['slug']}-{si}-{ii}")
                skills.append({"slug": slug, "name_ja": item["ja"], "name_en": item["en"]} | common)
            slug = v1_subs.get(sub["ja"], f"{cat['slug']}-{si}")
            subs.append(
                {"slug": slug, "name_ja": sub["ja"], "name_en": sub["en"]} | common | {"skills": skills}
            )
        cats.append(
            {"slug": cat["slug"], "name_ja": cat["ja"], "name_en": cat["en"]}
            | common
            | {"subcategories": subs}
        )
    return {
        "slug": "dss-p-2.0",
        "part": "promotion",
        "name_ja": "DX推進スキル標準",
        "name_en": "DX Promotion Skill Standard",
        "version": "2.0",
        "published_on": "2026-04",
        "is_current": False,
        "roles_known": False,
        "verification": "unverified",
        "sources": ["S9", "S10"],
        "note": "Common skill list only (5 categories, 13 sub-categories, 67 items); its types and roles are not in the reference.",
        "types": [],
        "roles": [],
        "levels": [],
        "categories": cats,
    }


def build_literacy(ref: dict) -> dict:
    lit = ref["dss_l"]
    areas = []
    for area in lit["structure"]:
        items = [
            named(item, f"{area['slug']}-{i}", default=False) for i, item in enumerate(area["items"], start=1)
        ]
        areas.append(named(area, area["slug"]) | {"items": items})
    return {
        "slug": "dss-l-2023-08",
        "part": "literacy",
        "name_ja": "DXリテラシー標準",
        "name_en": "DX Literacy Standard",
        "version": "2023-08",
        "published_on": "2023-08",
        "is_current": True,
        "roles_known": False,
        "verification": "verified",
        "sources": ["S5", "S14"],
        "note": "Published 2022-03-29, revised 2023-08 for generative AI; the label 'ver.1.1' was not seen in a source.",
        "literacy_areas": areas,
    }


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference" / "dss.yaml"
    ref = yaml.safe_load(source.read_text(encoding="utf-8"))
    v1 = build_v1(ref)
    data = {"versions": [v1, build_v2(ref, v1), build_literacy(ref)]}
    header = (
        "# The Digital Skill Standard (デジタルスキル標準) as loaded by `manage.py load_skill_standard`.\n"
        "# Built by scripts/build_standard_data.py from shared/reference/dss.yaml; do not edit by hand.\n"
        "# Every row carries verification (verified / partial / unverified) and source ids: see SOURCES.md here.\n"
        "# English names are glosses written for this project unless a source says otherwise.\n"
    )
    OUT.write_text(
        header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8"
    )
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
