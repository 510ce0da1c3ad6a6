"""Run axe-core inside a page (the vendored copy, offline) and fail on serious or critical
violations, naming each rule, what it asks for and the elements that break it."""
from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def serious_violations(page) -> list[dict]:
    """The page's serious and critical axe-core violations (WCAG 2.x A and AA rules and axe's
    best practices), as axe reports them."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v.get("impact") in BLOCKING]


def assert_accessible(page, where: str) -> None:
    """No serious or critical violation on the page the browser shows now."""
    found = serious_violations(page)
    if found:
        lines = [f"{where} ({page.url}) has {len(found)} serious accessibility violation(s):"]
        for violation in found:
            targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"][:5])
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
        raise AssertionError("\n".join(lines))
