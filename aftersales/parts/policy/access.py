"""Which stock moves a field mover makes (SPEC §3: "the warehouse role moves stock").

Who may move stock at all, and on which locations and requests, is the access table's (``parts.move`` in
accounts/access_table.py: the store keepers any move; an engineer on a van the engineer keeps, against a request
of the engineer's). This is the invariant the table does not express: a mover with a narrower scope than ANY
(an engineer) only reserves, releases, issues and returns parts, always against a service request.
"""

from __future__ import annotations

FIELD_KINDS = frozenset({"reserve", "release", "issue", "return"})


def field_move(*, kind: str, has_ticket: bool) -> bool:
    """Whether a field mover (an engineer) may make a move of `kind`: a field kind, for a request."""
    return kind in FIELD_KINDS and has_ticket
