"""axe-core in the page, for every browser test that looks at a page."""

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.2 AA and everything below it, plus axe's best practices.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

_axe = Axe()


def axe_violations(page):
    """The axe violations on the page as it is now, as readable lines."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    lines = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return lines


def assert_no_axe_violations(page):
    violations = axe_violations(page)
    assert violations == [], f"axe found problems on {page.url}:\n" + "\n".join(violations)
