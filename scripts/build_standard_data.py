"""Build skills/data/dss.yaml (the product's copy of the standard) from the shared reference.

Usage: python scripts/build_standard_data.py REFERENCE [--versions skills/data/versions.yaml]
                                                       [--out skills/data/dss.yaml]

REFERENCE is the compiled reference (in this workplace ../shared/reference/dss.yaml: public
sources, each fact flagged verified / partial / false). skills/data/versions.yaml lists the versions
the product carries: which section of the reference each comes from, its shape, and its metadata.
This script renames fields and adds slugs where the reference gives none; it never adds a name.
A new version of the standard is a new entry in versions.yaml, not new code here, as long as its
section has one of the known shapes (promotion, skill-list, literacy). Run it again when the
reference or versions.yaml changes, read the diff of dss.yaml, and commit both.
"""

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ROOT / "skills" / "data" / "versions.yaml"
OUT = ROOT / "skills" / "data" / "dss.yaml"
VERIFICATION = {True: "verified", "partial": "partial", False: "unverified", None: "unverified"}
METADATA = ("slug", "part", "name_ja", "name_en", "version", "published_on", "is_current")
HEADER = (
    "# The Digital Skill Standard (デジタルスキル標準) as loaded by `manage.py load_skill_standard`.\n"
    "# Built by scripts/build_standard_data.py from shared/reference/dss.yaml; do not edit by hand.\n"
    "# Every row carries verification (verified / partial / unverified) and source ids: see SOURCES.md here.\n"
    "# English names are glosses written for this project unless a source says otherwise.\n"
)


def provenance(row: dict, default: object = None) -> dict:
    """The row's verified flag, sources and note, in the product's vocabulary."""
    flag = row.get("verified", default)
    out = {"verification": VERIFICATION[flag], "sources": list(row.get("src", []))}
    if row.get("note"):
        out["note"] = " ".join(str(row["note"]).split())
    return out


def named(row: dict, slug: str, default: object = None) -> dict:
    return {"slug": slug, "name_ja": row["ja"], "name_en": row.get("en", "")} | provenance(row, default)


def _head(entry: dict, *, roles_known: bool) -> dict:
    """The version's metadata from versions.yaml, in dss.yaml's order."""
    head = {key: entry[key] for key in METADATA}
    return head | {
        "roles_known": roles_known,
        "verification": entry["verification"],
        "sources": list(entry["sources"]),
        "note": entry["note"],
    }


def build_promotion(section: dict, entry: dict, built: dict[str, dict]) -> dict:
    """A full DSS-P section: types, roles, the level scale and the common skill list."""
    cats = []
    for cat in section["common_skill_list"]["categories"]:
        subs = []
        for sub in cat["subcategories"]:
            skills = [named(item, item["slug"]) for item in sub["items"]]
            subs.append(named(sub, sub["slug"]) | {"skills": skills})
        cats.append(named(cat, cat["slug"]) | {"subcategories": subs})
    levels = [
        {"code": lv["code"], "rank": lv["rank"], "name_ja": lv["ja"], "name_en": lv["en"]} | provenance(lv)
        for lv in section["level_scale"]["levels"]
    ]
    return _head(entry, roles_known=True) | {
        "types": [named(t, t["slug"]) for t in section["types"]],
        "roles": [named(r, r["slug"]) | {"type": r["type"]} for r in section["roles"]],
        "levels": levels,
        "categories": cats,
    }


def build_skill_list(section: dict, entry: dict, built: dict[str, dict]) -> dict:
    """A DSS-P common skill list only: reuse an earlier version's slug where the Japanese name is the
    same, else a positional slug; every entry carries the version's entry_provenance."""
    earlier = built[entry["reuse_slugs_from"]] if entry.get("reuse_slugs_from") else {"categories": []}
    old_subs = {s["name_ja"]: s["slug"] for c in earlier["categories"] for s in c["subcategories"]}
    old_skills = {
        k["name_ja"]: k["slug"]
        for c in earlier["categories"]
        for s in c["subcategories"]
        for k in s["skills"]
    }
    common = dict(entry["entry_provenance"])
    cats = []
    for cat in section["categories"]:
        subs = []
        for si, sub in enumerate(cat["subcategories"], start=1):
            skills = []
            for ii, item in enumerate(sub["items"], start=1):
                slug = old_skills.get(item["ja"], f"{cat['slug']}-{si}-{ii}")
                skills.append({"slug": slug, "name_ja": item["ja"], "name_en": item["en"]} | common)
            slug = old_subs.get(sub["ja"], f"{cat['slug']}-{si}")
            subs.append(
                {"slug": slug, "name_ja": sub["ja"], "name_en": sub["en"]} | common | {"skills": skills}
            )
        cats.append(
            {"slug": cat["slug"], "name_ja": cat["ja"], "name_en": cat["en"]}
            | common
            | {"subcategories": subs}
        )
    return _head(entry, roles_known=False) | {"types": [], "roles": [], "levels": [], "categories": cats}


def build_literacy(section: dict, entry: dict, built: dict[str, dict]) -> dict:
    """A DSS-L section: areas and their items."""
    areas = []
    for area in section["structure"]:
        items = [
            named(item, f"{area['slug']}-{i}", default=False) for i, item in enumerate(area["items"], start=1)
        ]
        areas.append(named(area, area["slug"]) | {"items": items})
    return _head(entry, roles_known=False) | {"literacy_areas": areas}


BUILDERS: dict[str, Callable[[dict, dict, dict[str, dict]], dict]] = {
    "promotion": build_promotion,
    "skill-list": build_skill_list,
    "literacy": build_literacy,
}


def build(reference: dict[str, Any], versions: list[dict]) -> dict:
    """dss.yaml's content: every version of versions.yaml, in its order, from its reference section."""
    built: dict[str, dict] = {}
    for entry in versions:
        unknown = entry["shape"] not in BUILDERS
        if unknown or entry["reference"] not in reference:
            what = f"shape '{entry['shape']}'" if unknown else f"reference section '{entry['reference']}'"
            raise SystemExit(f"versions.yaml, {entry.get('slug', '?')}: unknown {what}")
        built[entry["slug"]] = BUILDERS[entry["shape"]](reference[entry["reference"]], entry, built)
    return {"versions": list(built.values())}


def render(data: dict) -> str:
    return HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "reference", type=Path, help="the shared reference, e.g. ../shared/reference/dss.yaml"
    )
    parser.add_argument(
        "--versions", type=Path, default=VERSIONS, help=f"default {VERSIONS.relative_to(ROOT)}"
    )
    parser.add_argument("--out", type=Path, default=OUT, help=f"default {OUT.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    reference = yaml.safe_load(args.reference.read_text(encoding="utf-8"))
    versions = yaml.safe_load(args.versions.read_text(encoding="utf-8"))["versions"]
    args.out.write_text(render(build(reference, versions)), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
