"""Stage gates of the consultative sale (顾问式销售, 篇5 §3) and of the installation's acceptance (篇6).

The five stages, in order: 确认商机 (qualify), 主导进程 (lead the process), 方案论证 (validate the solution),
商务洽谈 (negotiate), 销售成交 (close: the contract). A move forward must meet the gate of every stage it enters:

- 主导进程: a qualified need (the customer's pain and what it leads to, 篇5 3.1 "找到客户的痛点…引导客户立项");
- 方案论证: the buying centre's decision maker is known (篇5 1.2(2), 3.2: 采购中心, 项目决策人);
- 商务洽谈: the benefit analysis and the difference assessment are written (篇5 3.3 (1), (2)) and the proposal was
  approved by the customer (篇5 3.3 (3): 与客户有关人员审核…达成共识);
- 销售成交: price and terms agreed (篇5 3.4), a contract number and term, and the reason it was won.

Sending a proposal out asks for the benefit analysis and the difference assessment (篇5 3.3: 效益分析和差异评估
之后，需要撰写项目方案). Moving back (a deal that must be re-qualified) asks for nothing; a won or lost deal does
not move. Acceptance (设备验收合格书, 篇6 (一) 3) needs every checklist line counted in full with the customer
(篇6: 由用户人员清点货物) and every device's tests passed (篇6: 测试所有硬件、软件).

Pure: values in, values out; no Django, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    QUALIFY = "qualify"
    LEAD = "lead"
    VALIDATE = "validate"
    NEGOTIATE = "negotiate"
    CLOSE = "close"


ORDER: tuple[Stage, ...] = (Stage.QUALIFY, Stage.LEAD, Stage.VALIDATE, Stage.NEGOTIATE, Stage.CLOSE)


@dataclass(frozen=True, slots=True)
class GateItem:
    """One thing a stage needs, with its message in Chinese and English."""

    code: str
    zh: str
    en: str


NEED = GateItem(
    "need_qualified", "尚未确认客户需求（痛点及影响）", "The customer's need (pain and impact) is not qualified"
)
DECISION_MAKER = GateItem(
    "decision_maker_known", "尚未确认采购中心的决策人", "The buying centre's decision maker is not identified"
)
BENEFIT = GateItem("benefit_analysis", "尚未完成效益分析", "The benefit analysis is missing")
DIFFERENCE = GateItem("difference_assessment", "尚未完成差异评估", "The competitor difference assessment is missing")
PROPOSAL_APPROVED = GateItem(
    "proposal_approved", "方案尚未经客户审核通过", "No proposal has been approved by the customer"
)
TERMS = GateItem("terms_agreed", "价格与合同条款尚未谈定", "Price and terms are not agreed")
CONTRACT_NUMBER = GateItem("contract_number", "缺少合同编号", "The contract number is missing")
CONTRACT_TERM = GateItem("contract_term", "缺少合同起止日期", "The contract's start and end dates are missing")
WON_REASON = GateItem("won_reason", "缺少成交原因", "The reason the deal was won is missing")

PROPOSAL_DRAFT = GateItem("proposal_has_version", "方案还没有任何版本", "The proposal has no version yet")

UNCOUNTED = GateItem(
    "checklist_counted", "交货清单尚未与客户清点完毕", "The delivery checklist has not been counted with the customer"
)
SHORT = GateItem("checklist_complete", "清点数量少于合同数量", "Fewer items were counted than the contract lists")
NO_DEVICE = GateItem("devices_listed", "交货清单中没有设备", "The delivery checklist lists no device")
UNTESTED = GateItem("devices_tested", "有设备尚未通过测试", "Some devices have not passed their tests")
ACCEPTED = GateItem("already_accepted", "该项目已签署验收合格书", "The acceptance certificate is already signed")


@dataclass(frozen=True, slots=True)
class OpportunityFacts:
    """What the gates read of an opportunity (its current stage and what has been recorded)."""

    stage: Stage
    is_open: bool = True
    has_need: bool = False
    has_decision_maker: bool = False
    has_benefit_analysis: bool = False
    has_difference_assessment: bool = False
    has_approved_proposal: bool = False
    has_agreed_terms: bool = False
    has_contract_number: bool = False
    has_contract_term: bool = False
    has_won_reason: bool = False


def gate(facts: OpportunityFacts, stage: Stage) -> tuple[GateItem, ...]:
    """The items `stage` needs that `facts` lack (entering `stage` from the one before)."""
    wanted: dict[Stage, tuple[tuple[bool, GateItem], ...]] = {
        Stage.QUALIFY: (),
        Stage.LEAD: ((facts.has_need, NEED),),
        Stage.VALIDATE: ((facts.has_decision_maker, DECISION_MAKER),),
        Stage.NEGOTIATE: (
            (facts.has_benefit_analysis, BENEFIT),
            (facts.has_difference_assessment, DIFFERENCE),
            (facts.has_approved_proposal, PROPOSAL_APPROVED),
        ),
        Stage.CLOSE: (
            (facts.has_agreed_terms, TERMS),
            (facts.has_contract_number, CONTRACT_NUMBER),
            (facts.has_contract_term, CONTRACT_TERM),
            (facts.has_won_reason, WON_REASON),
        ),
    }
    return tuple(item for present, item in wanted[stage] if not present)


class MoveOutcome(StrEnum):
    FORWARD = "forward"
    BACK = "back"
    REFUSED = "refused"  # gate items missing
    SAME = "same"  # already there
    CLOSED = "closed"  # won or lost: does not move


@dataclass(frozen=True, slots=True)
class StageMove:
    outcome: MoveOutcome
    missing: tuple[GateItem, ...] = ()

    @property
    def allowed(self) -> bool:
        return self.outcome in (MoveOutcome.FORWARD, MoveOutcome.BACK)


def stage_move(facts: OpportunityFacts, to: Stage) -> StageMove:
    """Whether an open opportunity may move to `to`: forward when the gates of every stage entered are met
    (their missing items, in stage order, otherwise); back always; a won or lost one never."""
    if not facts.is_open:
        return StageMove(MoveOutcome.CLOSED)
    here, there = ORDER.index(facts.stage), ORDER.index(to)
    if there == here:
        return StageMove(MoveOutcome.SAME)
    if there < here:
        return StageMove(MoveOutcome.BACK)
    missing = tuple(item for stage in ORDER[here + 1 : there + 1] for item in gate(facts, stage))
    return StageMove(MoveOutcome.REFUSED, missing) if missing else StageMove(MoveOutcome.FORWARD)


def proposal_send_missing(facts: OpportunityFacts, *, has_version: bool) -> tuple[GateItem, ...]:
    """What is missing before a proposal may go out to the customer (篇5 3.3)."""
    wanted = (
        (facts.has_benefit_analysis, BENEFIT),
        (facts.has_difference_assessment, DIFFERENCE),
        (has_version, PROPOSAL_DRAFT),
    )
    return tuple(item for present, item in wanted if not present)


# ---------------------------------------------------------------------------------------------- acceptance


@dataclass(frozen=True, slots=True)
class ChecklistLine:
    """One line of the delivery checklist: ordered and counted quantities (None: not counted yet)."""

    is_device: bool
    quantity: int
    counted: int | None
    tests_passed: int = 0  # passed test records of the device
    tests_failed_last: bool = False  # its latest test failed


def acceptance_missing(lines: Sequence[ChecklistLine], *, accepted: bool = False) -> tuple[GateItem, ...]:
    """What stops the two sides from signing the acceptance certificate (篇6 (一) 1, 3)."""
    if accepted:
        return (ACCEPTED,)
    missing: list[GateItem] = []
    if not any(line.is_device for line in lines):
        missing.append(NO_DEVICE)
    if any(line.counted is None for line in lines):
        missing.append(UNCOUNTED)
    if any(line.counted is not None and line.counted < line.quantity for line in lines):
        missing.append(SHORT)
    if any(line.is_device and (line.tests_passed == 0 or line.tests_failed_last) for line in lines):
        missing.append(UNTESTED)
    return tuple(missing)


def item_codes(items: Iterable[GateItem]) -> list[str]:
    return [i.code for i in items]
