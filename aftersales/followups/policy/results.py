"""Survey results from answer counts (篇7: 满意度统计): response rate, averages and distributions per question.

Pure functions over plain values: the selector counts answers in the database and hands the counts in.
Averages are rounded half up to two decimals, rates to four (0.3333 = 33.33 %).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

RATING_VALUES = (1, 2, 3, 4, 5)
TWO_PLACES = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class QuestionResult:
    """What one question's answers add up to. `average`/`distribution` for ratings, `yes`/`no` for yes-no,
    `options` (every offered option, in order, then any other stored value) for choices, `texts` for text."""

    answered: int
    average: Decimal | None = None
    distribution: dict[int, int] = field(default_factory=dict)
    yes: int = 0
    no: int = 0
    yes_rate: Decimal | None = None
    options: dict[str, int] = field(default_factory=dict)
    texts: tuple[str, ...] = ()


def rate(part: int, whole: int) -> Decimal | None:
    """`part / whole` to four decimals (half up), or None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def rating_result(counts: Mapping[int, int]) -> QuestionResult:
    """Average and distribution of 1–5 ratings given as {rating: count}; every rating appears in the distribution."""
    distribution = {value: int(counts.get(value, 0)) for value in RATING_VALUES}
    answered = sum(distribution.values())
    if not answered:
        return QuestionResult(answered=0, distribution=distribution)
    total = sum(value * count for value, count in distribution.items())
    average = (Decimal(total) / Decimal(answered)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return QuestionResult(answered=answered, average=average, distribution=distribution)


def yes_no_result(yes: int, no: int) -> QuestionResult:
    return QuestionResult(answered=yes + no, yes=yes, no=no, yes_rate=rate(yes, yes + no))


def choice_result(options: Sequence[str], counts: Mapping[str, int]) -> QuestionResult:
    """Counts per option in the offered order (0 for options nobody chose), then values no longer offered."""
    result = {option: int(counts.get(option, 0)) for option in options}
    for value, count in counts.items():
        if value not in result and count:
            result[value] = int(count)
    return QuestionResult(answered=sum(result.values()), options=result)


def text_result(answered: int, latest: Sequence[str]) -> QuestionResult:
    """How many wrote something, and the latest texts (the selector decides how many to show)."""
    return QuestionResult(answered=answered, texts=tuple(latest))
