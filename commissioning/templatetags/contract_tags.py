"""Display helpers for contract and decision pages."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

BULLET = re.compile(r"^\s*(?:[-•·*]|o)\s+")

TAG_COLOURS = {
    # Contract statuses
    "draft": "grey",
    "active": "green",
    "extended": "teal",
    "expired": "grey",
    "terminated": "red",
    # Extension option statuses
    "available": "",  # the default (blue) tag
    "exercised": "green",
    "declined": "yellow",
    "lapsed": "orange",
}

ROMAN = (
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def _runs(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Consecutive lines grouped as ("p", words) or ("ul", items)."""
    runs: list[tuple[str, list[str]]] = []
    for line in lines:
        if BULLET.match(line):
            if not runs or runs[-1][0] != "ul":
                runs.append(("ul", []))
            runs[-1][1].append(BULLET.sub("", line).strip())
        elif runs and runs[-1][0] == "ul" and line.startswith((" ", "\t")):
            runs[-1][1][-1] += " " + line.strip()
        else:
            if not runs or runs[-1][0] != "p":
                runs.append(("p", []))
            runs[-1][1].append(line.strip())
    return runs


@register.filter
def prose(text: str) -> str:
    """Minutes as officers paste them: paragraphs split by blank lines, and
    lines starting with a bullet ("- ", "• ", "· ") shown as a bulleted list."""
    html = []
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        for kind, parts in _runs([line for line in block.splitlines() if line.strip()]):
            if kind == "p":
                html.append(f'<p class="govuk-body">{escape(" ".join(parts))}</p>')
            else:
                items = "".join(f"<li>{escape(item)}</li>" for item in parts)
                html.append(f'<ul class="govuk-list govuk-list--bullet">{items}</ul>')
    return mark_safe("".join(html))  # noqa: S308 - every piece of text is escaped above


@register.filter
def roman(number: int) -> str:
    """3 -> "iii", as resolutions are numbered in minutes."""
    number = int(number)
    out = []
    for value, numeral in ROMAN:
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)


@register.filter
def tag_colour(status: str) -> str:
    colour = TAG_COLOURS.get(status, "grey")
    return f"govuk-tag--{colour}" if colour else ""


@register.filter
def months(value) -> str:
    value = int(value)
    return "1 month" if value == 1 else f"{value} months"
