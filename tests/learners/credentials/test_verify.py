"""verify_file: a credential read from a file, strictly, never raising."""

import json

import pytest

from learners.credentials import (
    Verification,
    verify_file,
)


def test_verify_file_valid(signed, tmp_path):
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(signed, ensure_ascii=False, indent=2), encoding="utf-8")
    assert verify_file(path).is_valid is True
    assert verify_file(str(path)).is_valid is True


def test_verify_file_tampered(signed, tmp_path):
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(signed, ensure_ascii=False).replace("12.5時間", "125時間"), encoding="utf-8")
    assert verify_file(path) == Verification(
        is_valid=False, reason="signature does not match: the credential was changed after signing"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"@context": [', "invalid JSON: Expecting value: line 1 column 15 (char 14)"),
        (b"", "invalid JSON: Expecting value: line 1 column 1 (char 0)"),
        (b'{"a": 1, "a": 2}', "invalid JSON: duplicate key 'a'"),
        (b'{"a": NaN}', "invalid JSON: NaN is not valid JSON"),
        (b"\xff\xfe{}", None),
        (b"[" * 100_000, "invalid JSON: nested too deeply"),
    ],
)
def test_verify_file_malformed_json_is_invalid_without_raising(tmp_path, content, reason):
    path = tmp_path / "credential.json"
    path.write_bytes(content)
    result = verify_file(path)
    assert result.is_valid is False
    if reason is None:
        assert result.reason == f"{path} is not UTF-8 text"
    else:
        assert result.reason == reason


def test_verify_file_missing_file(tmp_path):
    path = tmp_path / "missing.json"
    assert verify_file(path) == Verification(
        is_valid=False, reason=f"cannot read {path}: No such file or directory"
    )
