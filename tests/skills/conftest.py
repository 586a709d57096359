"""Fixtures of the skills tests: the project's standard file as data to mutate, and writers of
YAML and CSV files under tmp_path."""

import copy
import csv
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
import yaml
from django.utils import translation

from skills.management.commands.load_skill_standard import DEFAULT_FILE

_PROJECT_DATA = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def standard_data() -> dict:
    """A fresh deep copy of the parsed project file, free to mutate."""
    return copy.deepcopy(_PROJECT_DATA)


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[dict], Path]:
    def write(data: dict, name: str = "standard.yaml") -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    def write(
        rows: Iterable[Iterable[str]], name: str = "matrix.csv", header=("role", "skill", "level")
    ) -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        return path

    return write


@pytest.fixture(autouse=True)
def _reset_language():
    """LocaleMiddleware activates the request's language and never deactivates it: reset it."""
    yield
    translation.deactivate()
