"""Walk every URL pattern of the project, for tests that must cover them all."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str | None
    path: str
    view: object


def _join(prefix: str, pattern) -> str:
    return prefix + str(pattern.pattern)


def iter_routes(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from iter_routes(entry, _join(prefix, entry), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(name=name, path=_join(prefix, entry), view=entry.callback)


def example_path(route_path: str) -> str:
    """A concrete path for a pattern: converters become plausible values."""
    import re

    # Router patterns are regexes joined onto the include's prefix, so their
    # anchors sit mid-path; a format suffix group becomes ".json".
    path = re.sub(r"\(\?P<format>[^)]*\)", "json", route_path)
    path = path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    path = re.sub(r"<int:\w+>|<\w+>|\(\?P<\w+>[^)]*\)", "1", path)
    path = re.sub(r"<slug:\w+>|<str:\w+>", "x", path)
    path = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", path)
    path = re.sub(r"<path:\w+>", "x", path)
    path = path.replace("(?:", "").replace(")?", "").replace("?", "")
    return "/" + path.lstrip("/")
