"""The import's report: one row per thing, printed as a summary and saved as CSV."""

import csv
from collections import Counter
from dataclasses import dataclass

CREATED, UPDATED, SKIPPED, PROBLEM = "created", "updated", "skipped", "problem"
ACTIONS = (CREATED, UPDATED, SKIPPED, PROBLEM)
COLUMNS = ["action", "kind", "wordpress_id", "title", "new_address", "reason"]


@dataclass
class Row:
    action: str
    kind: str
    wordpress_id: str
    title: str
    new_address: str = ""
    reason: str = ""


def spreadsheet_safe(value):
    """Text a spreadsheet will not run as a formula (titles come from the old site)."""
    value = str(value)
    if value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


class Report:
    def __init__(self):
        self.rows = []
        self.counts = Counter()
        self.notes = []

    def add(self, action, kind, wordpress_id, title="", new_address="", reason=""):
        row = Row(action, kind, str(wordpress_id), title or "", new_address or "", reason or "")
        self.rows.append(row)
        if action != PROBLEM:
            self.counts[(kind, action)] += 1
        return row

    def note(self, text):
        """A line about the whole import (not one item), shown in the summary."""
        if text not in self.notes:
            self.notes.append(text)

    @property
    def problems(self):
        return [row for row in self.rows if row.action == PROBLEM]

    def write_csv(self, path):
        with open(path, "w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(COLUMNS)
            for row in self.rows:
                writer.writerow(spreadsheet_safe(getattr(row, column)) for column in COLUMNS)

    def summary(self, dry_run=False, problem_limit=30):
        lines = []
        if dry_run:
            lines.append("Dry run: nothing was changed. This is what the import would do.")
        kinds = []
        for kind, _action in self.counts:
            if kind not in kinds:
                kinds.append(kind)
        width = max((len(kind) for kind in kinds), default=0)
        for kind in kinds:
            parts = [
                f"{self.counts[(kind, action)]} {action}"
                for action in ACTIONS[:3]
                if self.counts[(kind, action)]
            ]
            lines.append(f"  {kind.ljust(width)}  {', '.join(parts)}")
        if not kinds:
            lines.append("  Nothing to import.")
        for note in self.notes:
            lines.append(note)
        problems = self.problems
        if problems:
            lines.append(f"{len(problems)} thing(s) to check:")
            for row in problems[:problem_limit]:
                title = f" “{row.title}”" if row.title else ""
                lines.append(f"  - {row.kind} {row.wordpress_id}{title}: {row.reason}")
            if len(problems) > problem_limit:
                lines.append(f"  ...and {len(problems) - problem_limit} more in the CSV report.")
        return lines
