"""`spasmbot stats` as a table an operator reads at a glance.

One row per figure, its count right-aligned under a heading; a figure broken
down (outcomes by urgency, languages chosen) shows its total, then one
indented row per part, largest first. `--format json` keeps the raw figures
for scripts.
"""

from __future__ import annotations

from collections.abc import Mapping

Figures = Mapping[str, int | Mapping[str, int]]
HEADINGS = ("figure", "count")


def rows(figures: Figures) -> list[tuple[str, int]]:
    """(label, count) per figure, with the parts of a breakdown indented under it."""
    found: list[tuple[str, int]] = []
    for name, value in figures.items():
        label = name.replace("_", " ")
        if isinstance(value, Mapping):
            found.append((label, sum(value.values())))
            parts = sorted(value.items(), key=lambda part: (-part[1], str(part[0])))
            found.extend((f"  {str(part).replace('_', '-')}", count) for part, count in parts)
        else:
            found.append((label, value))
    return found


def table(figures: Figures) -> list[str]:
    """The figures as aligned lines: headings, a rule, then one line per row."""
    body = [(label, str(count)) for label, count in rows(figures)]
    label_width = max(len(label) for label, _ in [HEADINGS, *body])
    count_width = max(len(count) for _, count in [HEADINGS, *body])
    lines = [
        f"{HEADINGS[0]:<{label_width}}  {HEADINGS[1]:>{count_width}}",
        f"{'-' * label_width}  {'-' * count_width}",
    ]
    lines.extend(f"{label:<{label_width}}  {count:>{count_width}}" for label, count in body)
    return lines
