"""Reading a page's integer parameters (`?edit=`, `?year=`, a form's hidden id): a value that is
not a whole number within bounds is 404, never an unhandled ValueError or OverflowError (a 500).
The JSON API has its own: bounded query types and a 422 (montage/web/api/schemas.py)."""

from __future__ import annotations

import re

from django.http import Http404

# The largest value a database integer column holds (a BigAutoField id, PostgreSQL's bigint,
# SQLite's INTEGER): a larger one would overflow when the query is sent.
MAX_ID = 2**63 - 1
_INTEGER = re.compile(r"-?[0-9]{1,19}")  # ASCII digits only: "²".isdigit() is True


def int_param(params, name: str, default: int | None = None, *, minimum: int = 1,
              maximum: int = MAX_ID) -> int | None:
    """`params[name]` (request.GET, request.POST) as an int in [minimum, maximum]; missing or
    empty: `default`; anything else: Http404. The default bounds are those of a record's id."""
    raw = params.get(name, "")
    raw = raw.strip() if isinstance(raw, str) else raw
    if raw in ("", None):
        return default
    if not isinstance(raw, str) or not _INTEGER.fullmatch(raw):
        raise Http404(f"{name}: not a whole number")
    value = int(raw)
    if not minimum <= value <= maximum:
        raise Http404(f"{name}: out of bounds")
    return value
