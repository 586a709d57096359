"""The browser tests' Content Security Policy watch: the policy allows no inline script or style,
so a violation means a page that is broken for users, and fails the test that met it."""

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def watch(page: object) -> list[str]:
    """Collect every CSP violation the page reports on its console (the list fills as it browses)."""
    violations: list[str] = []
    page.on(  # type: ignore[attr-defined]
        "console",
        lambda m: (
            violations.append(f"{page.url}: {m.text[:400]} @ {m.location}")  # type: ignore[attr-defined]
            if "Content Security Policy" in m.text
            else None
        ),
    )
    return violations


def assert_none(violations: list[str]) -> None:
    """Fail with the violations met (also written to test-artifacts/csp-violations.txt)."""
    if violations:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "csp-violations.txt").write_text("\n".join(sorted(set(violations))))
    assert violations == [], sorted(set(violations))
