"""The official JSON Schema of a CASE 1.1 package (getCFPackage), for the CASE tests. It lives in
shared/conformance/case/, beside the repository (here and in CI)."""

import datetime
import functools
import json
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA = Path("conformance") / "case" / "case-v1p1-cfpackage-schema.json"
SCHEMA_CANDIDATES = (Path(__file__).resolve().parents[3] / "shared" / SCHEMA, Path("/work/shared") / SCHEMA)

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


@functools.cache
def package_validator() -> Draft202012Validator:
    """The validator of the official schema; AssertionError naming the places looked in if it is missing."""
    path = next((p for p in SCHEMA_CANDIDATES if p.exists()), None)
    assert path is not None, (
        f"the CASE schema is missing; looked for {', '.join(map(str, SCHEMA_CANDIDATES))}"
    )
    schema = json.loads(path.read_text(encoding="utf-8"))
    # the schema's $schema says http://json-schema.org/draft/2020-12/schema: name the class explicitly
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FORMATS)


def schema_errors(validator: Draft202012Validator, package: dict) -> list[str]:
    """Every error of a package, as "path: message"."""
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(package)]
