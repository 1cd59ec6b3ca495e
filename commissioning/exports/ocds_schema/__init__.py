"""Validation of an OCDS 1.1 release package against the official 1.1.5
schemas kept in this folder (see README.md), offline.

The release package schema refers to the release schema by its URL; a local
``referencing`` registry answers that reference from the file here, so no
request leaves the machine. The lots extension's fields are merged into the
release schema in memory (JSON Merge Patch, RFC 7396).
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT4

HERE = Path(__file__).resolve().parent
SCHEMA_DIR = HERE / "1__1__5"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def merge_patch(target, patch):
    """RFC 7396: objects merge key by key, null deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def release_schema() -> dict:
    """The 1.1.5 release schema with the lots extension's fields."""
    return merge_patch(
        _load(SCHEMA_DIR / "release-schema.json"), _load(HERE / "lots_extension_fields.json")
    )


def _format_checker() -> FormatChecker:
    """The two formats the schemas use, checked strictly (jsonschema checks
    them only with optional packages that this project does not need)."""
    checker = FormatChecker(formats=())

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value) -> bool:
        if not isinstance(value, str):
            return True
        if not RFC3339.match(value):
            raise ValueError(f"{value!r} is not an RFC 3339 date-time")
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True

    @checker.checks("uri")
    def is_uri(value) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme in ("http", "https") and parts.netloc)

    return checker


@cache
def package_validator() -> Draft4Validator:
    package = _load(SCHEMA_DIR / "release-package-schema.json")
    release = release_schema()
    registry = Registry().with_resources(
        [
            (release["id"], DRAFT4.create_resource(release)),
            (package["id"], DRAFT4.create_resource(package)),
        ]
    )
    return Draft4Validator(package, registry=registry, format_checker=_format_checker())


@cache
def codelist(name: str) -> frozenset[str]:
    """The codes of one of the codelists kept here (e.g. "partyRole")."""
    with (SCHEMA_DIR / "codelists" / f"{name}.csv").open(encoding="utf-8") as file:
        return frozenset(row["Code"] for row in csv.DictReader(file))


def errors(package: dict) -> list[str]:
    """Every way the package breaks the schema, as "path: message" lines."""
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(package)'}: {error.message}"
        for error in sorted(
            package_validator().iter_errors(package), key=lambda e: list(map(str, e.absolute_path))
        )
    ]
