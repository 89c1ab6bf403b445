"""三包 (sanbao) warranty engine: which remedy an asset's fault gets on a given day, and what it costs.

The rule (SPEC §3; 篇1 2.1, 2.13, 2.14; 篇6 "质保期自验收签字次日开始计算"):

* **三包 periods** count from the purchase date, the purchase day itself not counted (day n is
  ``(on - purchased_on).days``). Days 0–7: free **return** (七日内免费退货; day 0, the purchase day,
  is inside the 7-day window too). Days 8–15: free **exchange or repair** (八至十五日免费换货或修理).
  These two take precedence over everything below.
* **Warranty** starts the day after acceptance is signed (篇6) when the asset has an acceptance date,
  else the day after purchase, and lasts each warranty term (12 months when the asset lists none;
  vendor, project and on-site terms may differ, and a term may carry its own start). The last
  covered day of a term is the day before the anniversary of its start: start + months in calendar
  months (same day of month, clamped to the month end) minus one day. The asset is covered until the
  latest last covered day of its terms.
* From day 16, while covered: free **repair**, labour and parts. Days between day 16 and a late
  warranty start (acceptance signed after day 15) are covered too: the consumer's 三包 rights run
  from purchase, whatever the contract says about acceptance.
* A unit that already had two completed warranty repairs within its warranty window
  ``[warranty start, covered until]`` and fails again within it is **replaced** free
  (整机一年内维修两次以上仍不能正常使用免费更换, 篇1 2.1).
* Past warranty: **paid repair**, lifetime maintenance with parts charged at cost and no labour fee
  (只收材料费，免收服务费, 篇1 2.13).
* Free upgrades (免费升级, 篇1 2.14) charge the parts' upgrade cost only, in or out of warranty.
* Terms say what they cover (``Cover``): parts and labour (the default: vendor warranty 厂商保修, project
  warranty 工程质保, the 三包 year), or on-site service (上门服务). The free repair and its parts follow the
  terms that cover parts; ``covered_by`` names the longest of them (the one whose last covered day is the
  latest, the first listed on a tie), and ``onsite_until`` is the last day of on-site service, if any term
  promises it. Adding a term never shortens any coverage: the longest term covering the date decides
  (issue 9, defect 11; SPEC §1: vendor warranty, project warranty 3 years, on-site service 3 years).

Every decision carries its reasons in Chinese and English. Pure Python: no Django, settings, database
or clock; the service passes the asset's facts and the day in question.
"""

# Chinese text keeps its full-width punctuation, as pyproject's ruff config allows; the directive repeats that
# for command lines whose --select drops the config's ignore list (RUF100: unused under the config itself).
# ruff: noqa: RUF001, RUF002, RUF003, RUF100

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Flag, StrEnum, auto
from functools import lru_cache

__all__ = [
    "DEFAULT_TERM_MONTHS",
    "EXCHANGE_LAST_DAY",
    "REPLACE_AFTER_REPAIRS",
    "RETURN_LAST_DAY",
    "AssetFacts",
    "Charge",
    "Cover",
    "Reason",
    "Remedy",
    "WarrantyDecision",
    "WarrantyTerm",
    "covered_until",
    "longest_term",
    "sanbao_remedy",
    "term_covered_until",
    "term_start",
    "warranty_start",
]

RETURN_LAST_DAY = 7
"""Last day after purchase on which the unit may be returned (七日内免费退货)."""
EXCHANGE_LAST_DAY = 15
"""Last day after purchase on which the unit may be exchanged or repaired (八至十五日免费换货或修理)."""
DEFAULT_TERM_MONTHS = 12
"""Warranty length when the asset lists no term: the 三包 warranty year (整机一年)."""
REPLACE_AFTER_REPAIRS = 2
"""Completed warranty repairs after which a further failure is a free replacement (维修两次以上)."""

_ONE_DAY = timedelta(days=1)


class Remedy(StrEnum):
    """What the customer is entitled to for a fault (三包 remedy)."""

    RETURN = "return"  # 退货
    EXCHANGE_OR_REPAIR = "exchange_or_repair"  # 换货或修理
    REPAIR = "repair"  # 免费维修
    REPLACE = "replace"  # 免费更换
    PAID_REPAIR = "paid_repair"  # 保修期外维修（终身维护）


class Charge(StrEnum):
    """How a fee is billed: a rule, not an amount; the price list turns it into a ``Decimal``.

    The 三包 engine produces ``FREE`` and ``AT_COST`` only (no service fee is ever charged, 篇1 2.13).
    ``CHARGED`` (list price) exists for rules outside 三包, such as vendor policies or damage the
    customer caused, so that every fee in the system speaks the same vocabulary.
    """

    FREE = "free"  # 免费
    AT_COST = "at_cost"  # 按成本价收费
    CHARGED = "charged"  # 按价目表收费


class Cover(Flag):
    """What a warranty term pays for: parts, labour, on-site service (上门服务)."""

    PARTS = auto()
    LABOUR = auto()
    ONSITE = auto()


@dataclass(frozen=True, slots=True)
class WarrantyTerm:
    """One warranty promise on an asset, e.g. "厂商保修 vendor" 36 months, "工程质保 project" 12 months.

    ``starts_on`` is the first covered day; ``None`` means the asset's default start
    (the day after acceptance, else the day after purchase; 篇6). ``covers`` says what it pays for
    (parts and labour unless said otherwise).
    """

    name: str
    months: int
    starts_on: date | None = None
    covers: Cover = Cover.PARTS | Cover.LABOUR

    def __post_init__(self) -> None:
        if self.months < 1:
            raise ValueError(_TERM_MONTHS_ERROR.format(name=self.name, months=self.months))


@dataclass(frozen=True, slots=True)
class AssetFacts:
    """What the 三包 engine needs to know about an installed asset (用户档案, SPEC §1).

    ``accepted_on`` is the day the acceptance report was signed (验收报告签字日), if any. An empty
    ``terms`` means one default 12-month term. ``completed_warranty_repairs`` lists the days on which
    repairs done under warranty were completed.
    """

    purchased_on: date
    accepted_on: date | None
    terms: tuple[WarrantyTerm, ...] = ()
    completed_warranty_repairs: tuple[date, ...] = ()


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a decision was made: a stable code and the same sentence in Chinese and English."""

    code: str
    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class WarrantyDecision:
    """The remedy and charges for a fault reported on a given day, with the reasons shown to users.

    ``covered_until`` is the last covered day; ``in_warranty`` is true from the purchase day up to and
    including it; ``day_number`` counts days since purchase (the purchase day is day 0). ``covered_by`` names
    the term that gives ``covered_until`` (None for the default term of an asset without terms);
    ``onsite_until`` is the last day of on-site service (None when no term promises it).
    """

    remedy: Remedy
    labour_fee: Charge
    parts_fee: Charge
    covered_until: date
    in_warranty: bool
    day_number: int
    reasons: tuple[Reason, ...]
    covered_by: str | None = None
    onsite_until: date | None = None


@dataclass(frozen=True, slots=True)
class _ReasonTemplate:
    """A reason with named placeholders, rendered with ``str.format`` (never f-strings)."""

    code: str
    zh: str
    en: str

    def render(self, **values: object) -> Reason:
        return Reason(self.code, self.zh.format(**values), self.en.format(**values))


_TERM_MONTHS_ERROR = (
    "保修条款“{name}”的月数必须至少为1（实际为{months}） / "
    "warranty term {name!r} must last at least 1 month, got {months}"
)
_BEFORE_PURCHASE_ERROR = "日期{on}早于购买日期{purchased_on} / date {on} is before the purchase date {purchased_on}"

_RETURN_ON_PURCHASE_DAY_REASON = _ReasonTemplate(
    "sanbao_return", "购买当天，7日内可退货", "Day of purchase: return within 7 days"
)
_RETURN_REASON = _ReasonTemplate(
    "sanbao_return", "购买后第{day}天，7日内可退货", "Day {day} after purchase: return within 7 days"
)
_EXCHANGE_OR_REPAIR_REASON = _ReasonTemplate(
    "sanbao_exchange_or_repair",
    "购买后第{day}天，8至15日内可换货或免费维修",
    "Day {day} after purchase: exchange or free repair on days 8 to 15",
)
_BEFORE_WARRANTY_START_REASON = _ReasonTemplate(
    "before_warranty_start",
    "购买后第{day}天，质保期自{start}起计算，按三包免费维修",
    "Day {day} after purchase, before the warranty starts on {start}: free repair under 三包",
)
_IN_WARRANTY_REASON = _ReasonTemplate(
    "in_warranty", "在保修期内（至{until}），免费维修", "In warranty (until {until}): free repair"
)
_REPEAT_REPAIR_REASON = _ReasonTemplate(
    "repeat_repair",
    "保修期内已维修{count}次仍出现故障，免费更换",
    "Repaired {count} times in warranty and failed again: free replacement",
)
_OUT_OF_WARRANTY_REASON = _ReasonTemplate(
    "out_of_warranty",
    "已过保修期（{until}），备件按成本价收费，免收服务费",
    "Out of warranty (ended {until}): parts at cost, no labour fee",
)
_FREE_UPGRADE_REASON = _ReasonTemplate(
    "free_upgrade",
    "免费升级：免收服务费，仅收配件升级成本费",
    "Free upgrade: no labour fee, parts at upgrade cost",
)

# Decisions of days 0–15 depend on the day only: render their reasons once.
_EARLY_REASONS: tuple[tuple[Reason, ...], ...] = (
    (_RETURN_ON_PURCHASE_DAY_REASON.render(),),
    *((_RETURN_REASON.render(day=day),) for day in range(1, RETURN_LAST_DAY + 1)),
    *((_EXCHANGE_OR_REPAIR_REASON.render(day=day),) for day in range(RETURN_LAST_DAY + 1, EXCHANGE_LAST_DAY + 1)),
)
_UPGRADE_REASONS = (_FREE_UPGRADE_REASON.render(),)


def _add_months(start: date, months: int) -> date:
    """``start`` moved by whole calendar months, the day of month clamped to the target month's end."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = start.day
    if day > 28:  # only days 29–31 can be missing from the target month
        day = min(day, monthrange(year, month)[1])
    return date(year, month, day)


def warranty_start(asset: AssetFacts) -> date:
    """First covered day of the asset's default warranty: the day after acceptance, else after purchase.

    篇6: 质保期自工程完成并验收签字次日开始计算.
    """
    return (asset.accepted_on if asset.accepted_on is not None else asset.purchased_on) + _ONE_DAY


def term_start(asset: AssetFacts, term: WarrantyTerm) -> date:
    """First covered day of one term: its own start if it has one, else the asset's default start."""
    return term.starts_on if term.starts_on is not None else warranty_start(asset)


def term_covered_until(start: date, months: int) -> date:
    """Last covered day of a term of ``months`` starting on ``start``: the day before its anniversary.

    The anniversary keeps the start's day of month, clamped to the month end (Jan 31 + 1 month is
    Feb 28 or 29), so a term starting 2025-03-02 for 12 months covers up to 2026-03-01.

    This is the project's rule (SPEC §3 brief). 民法典 art. 201-202 would count from the event day instead
    (last day = the event's corresponding day, else the month end); the two differ by one day at some
    month ends: acceptance 2023-02-28 covers to 2024-02-29 here, 2024-02-28 there.
    """
    return _add_months(start, months) - _ONE_DAY


def longest_term(asset: AssetFacts, cover: Cover = Cover.PARTS) -> tuple[WarrantyTerm | None, date] | None:
    """The term covering ``cover`` whose last covered day is the latest (first listed on a tie), and that day.

    An asset without terms has one default 12-month term from ``warranty_start`` (returned as ``None``, its
    day): it covers parts and labour. None when terms exist but none covers ``cover``.
    """
    default_start = warranty_start(asset)
    if not asset.terms:
        if cover & (Cover.PARTS | Cover.LABOUR) != cover:
            return None
        return None, term_covered_until(default_start, DEFAULT_TERM_MONTHS)
    best: tuple[WarrantyTerm | None, date] | None = None
    for term in asset.terms:
        if cover not in term.covers:
            continue
        until = term_covered_until(term.starts_on if term.starts_on is not None else default_start, term.months)
        if best is None or until > best[1]:
            best = (term, until)
    return best


def covered_until(asset: AssetFacts, cover: Cover = Cover.PARTS) -> date:
    """Last covered day of the asset: the latest last covered day among its terms covering ``cover`` (SPEC §1, §3).

    An asset without terms, or without any term covering ``cover``, has the default 12-month term from
    ``warranty_start`` (the 三包 year).
    """
    best = longest_term(asset, cover)
    if best is None:
        return term_covered_until(warranty_start(asset), DEFAULT_TERM_MONTHS)
    return best[1]


@lru_cache(maxsize=4096)
def _in_warranty_reasons(until: date) -> tuple[Reason, ...]:
    return (_IN_WARRANTY_REASON.render(until=until),)


@lru_cache(maxsize=4096)
def _out_of_warranty_reasons(until: date) -> tuple[Reason, ...]:
    return (_OUT_OF_WARRANTY_REASON.render(until=until),)


@lru_cache(maxsize=64)
def _repeat_repair_reasons(count: int) -> tuple[Reason, ...]:
    return (_REPEAT_REPAIR_REASON.render(count=count),)


def _repairs_in_window(repairs: tuple[date, ...], start: date, until: date, on: date) -> int:
    """Completed warranty repairs inside ``[start, until]`` and not after ``on``."""
    last = min(until, on)
    return sum(1 for repaired_on in repairs if start <= repaired_on <= last)


def sanbao_remedy(asset: AssetFacts, on: date, *, is_upgrade: bool = False) -> WarrantyDecision:
    """Decide the remedy and charges for a fault (or, with ``is_upgrade``, an upgrade) reported on ``on``.

    SPEC §3; 篇1 2.1 (return, exchange, repair, replace), 2.13 (lifetime maintenance), 2.14 (upgrades);
    篇6 (warranty from the day after acceptance). Raises ``ValueError`` when ``on`` precedes purchase.
    """
    purchased_on = asset.purchased_on
    day = (on - purchased_on).days
    if day < 0:
        raise ValueError(_BEFORE_PURCHASE_ERROR.format(on=on, purchased_on=purchased_on))
    best = longest_term(asset, Cover.PARTS)
    if best is None:
        covered_by, until = None, term_covered_until(warranty_start(asset), DEFAULT_TERM_MONTHS)
    else:
        covered_by, until = (best[0].name if best[0] is not None else None), best[1]
    onsite = longest_term(asset, Cover.ONSITE)
    onsite_until = onsite[1] if onsite is not None else None
    in_warranty = on <= until
    extra = (covered_by, onsite_until)

    if is_upgrade:
        return WarrantyDecision(
            Remedy.PAID_REPAIR, Charge.FREE, Charge.AT_COST, until, in_warranty, day, _UPGRADE_REASONS, *extra
        )
    if day <= RETURN_LAST_DAY:
        return WarrantyDecision(
            Remedy.RETURN, Charge.FREE, Charge.FREE, until, in_warranty, day, _EARLY_REASONS[day], *extra
        )
    if day <= EXCHANGE_LAST_DAY:
        return WarrantyDecision(
            Remedy.EXCHANGE_OR_REPAIR, Charge.FREE, Charge.FREE, until, in_warranty, day, _EARLY_REASONS[day], *extra
        )
    if not in_warranty:
        return WarrantyDecision(
            Remedy.PAID_REPAIR, Charge.FREE, Charge.AT_COST, until, False, day, _out_of_warranty_reasons(until), *extra
        )

    start = warranty_start(asset)
    if on < start:
        # Acceptance signed after day 15: the consumer's 三包 repair right runs from purchase.
        reasons = (_BEFORE_WARRANTY_START_REASON.render(day=day, start=start),)
        return WarrantyDecision(Remedy.REPAIR, Charge.FREE, Charge.FREE, until, True, day, reasons, *extra)
    repairs = asset.completed_warranty_repairs
    if len(repairs) >= REPLACE_AFTER_REPAIRS:
        count = _repairs_in_window(repairs, start, until, on)
        if count >= REPLACE_AFTER_REPAIRS:
            return WarrantyDecision(
                Remedy.REPLACE, Charge.FREE, Charge.FREE, until, True, day, _repeat_repair_reasons(count), *extra
            )
    return WarrantyDecision(
        Remedy.REPAIR, Charge.FREE, Charge.FREE, until, True, day, _in_warranty_reasons(until), *extra
    )
