"""Which models a bulletin affects (SPEC §4 及时通知): model-name patterns matched against installed models.

A bulletin names models one per line (commas and semicolons also separate). `*` stands for any run of
characters and `?` for one; everything else is literal. Matching ignores case and runs of spaces, so
`poweredge  r7*` matches `PowerEdge R750`. No pattern at all means every model (of the chosen vendors).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SEPARATORS = re.compile(r"[\n\r,，;；]+")
_SPACES = re.compile(r"\s+")


def normalise_model(model: str) -> str:
    """The form models are compared in: case-folded, spaces collapsed, trimmed."""
    return _SPACES.sub(" ", model).strip().casefold()


def parse_patterns(text: str) -> tuple[str, ...]:
    """The distinct patterns of a bulletin's `model_patterns` text, in order, normalised."""
    seen: dict[str, None] = {}
    for part in _SEPARATORS.split(text or ""):
        pattern = normalise_model(part)
        if pattern:
            seen.setdefault(pattern, None)
    return tuple(seen)


def _regex(pattern: str) -> str:
    return "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)


def compile_patterns(patterns: Iterable[str]) -> re.Pattern[str] | None:
    """One regular expression for all patterns; None when there are none (every model matches)."""
    parts = [_regex(normalise_model(p)) for p in patterns if normalise_model(p)]
    if not parts:
        return None
    return re.compile("(?:" + "|".join(parts) + r")\Z", re.DOTALL)


def model_matches(patterns: Iterable[str], model: str) -> bool:
    """True when `model` is affected by any of `patterns` (or there are no patterns)."""
    compiled = compile_patterns(patterns)
    return compiled is None or compiled.match(normalise_model(model)) is not None


def matching_models(patterns: Iterable[str], models: Iterable[str]) -> list[str]:
    """The models (as given, distinct, in order) that `patterns` affect."""
    compiled = compile_patterns(patterns)
    out: dict[str, None] = {}
    for model in models:
        if compiled is None or compiled.match(normalise_model(model)) is not None:
            out.setdefault(model, None)
    return list(out)
