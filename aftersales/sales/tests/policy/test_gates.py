"""The stage gates of 篇5 and the acceptance gate of 篇6: spec examples and properties against a slow reference."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.sales.policy import gates
from aftersales.sales.policy.gates import ORDER, ChecklistLine, MoveOutcome, OpportunityFacts, Stage

facts_strategy = st.builds(
    OpportunityFacts,
    stage=st.sampled_from(ORDER),
    is_open=st.booleans(),
    has_need=st.booleans(),
    has_decision_maker=st.booleans(),
    has_benefit_analysis=st.booleans(),
    has_difference_assessment=st.booleans(),
    has_approved_proposal=st.booleans(),
    has_agreed_terms=st.booleans(),
    has_contract_number=st.booleans(),
    has_contract_term=st.booleans(),
    has_won_reason=st.booleans(),
)

# What each stage needs, written out from 篇5 §3 as the reference: (fact attribute, item code).
NEEDS = {
    Stage.QUALIFY: [],
    Stage.LEAD: [("has_need", "need_qualified")],
    Stage.VALIDATE: [("has_decision_maker", "decision_maker_known")],
    Stage.NEGOTIATE: [
        ("has_benefit_analysis", "benefit_analysis"),
        ("has_difference_assessment", "difference_assessment"),
        ("has_approved_proposal", "proposal_approved"),
    ],
    Stage.CLOSE: [
        ("has_agreed_terms", "terms_agreed"),
        ("has_contract_number", "contract_number"),
        ("has_contract_term", "contract_term"),
        ("has_won_reason", "won_reason"),
    ],
}


def reference_missing(facts: OpportunityFacts, to: Stage) -> list[str]:
    here, there = ORDER.index(facts.stage), ORDER.index(to)
    found = []
    for stage in ORDER:
        if here < ORDER.index(stage) <= there:
            found += [code for attr, code in NEEDS[stage] if not getattr(facts, attr)]
    return found


@pytest.mark.parametrize(
    ("facts", "to", "codes"),
    [
        pytest.param(OpportunityFacts(Stage.QUALIFY), Stage.LEAD, ["need_qualified"], id="no-need-no-lead"),
        pytest.param(OpportunityFacts(Stage.QUALIFY, has_need=True), Stage.LEAD, [], id="qualified-need-leads"),
        pytest.param(
            OpportunityFacts(Stage.VALIDATE, has_benefit_analysis=True, has_difference_assessment=True),
            Stage.NEGOTIATE,
            ["proposal_approved"],
            id="proposal-not-approved",
        ),
        pytest.param(
            OpportunityFacts(Stage.NEGOTIATE, has_agreed_terms=True),
            Stage.CLOSE,
            ["contract_number", "contract_term", "won_reason"],
            id="close-needs-the-contract",
        ),
    ],
)
def test_spec_examples(facts, to, codes):
    move = gates.stage_move(facts, to)
    assert gates.item_codes(move.missing) == codes
    assert move.allowed is (codes == [])


@given(facts_strategy, st.sampled_from(ORDER))
def test_a_move_forward_needs_every_gate_of_the_stages_it_enters(facts, to):
    move = gates.stage_move(facts, to)
    here, there = ORDER.index(facts.stage), ORDER.index(to)
    if not facts.is_open:
        assert move.outcome is MoveOutcome.CLOSED
    elif there == here:
        assert move.outcome is MoveOutcome.SAME
    elif there < here:
        assert (move.outcome, move.missing) == (MoveOutcome.BACK, ())
    else:
        expected = reference_missing(facts, to)
        assert gates.item_codes(move.missing) == expected
        assert move.outcome is (MoveOutcome.REFUSED if expected else MoveOutcome.FORWARD)


@given(facts_strategy, st.sampled_from(ORDER), st.sampled_from(ORDER))
def test_going_in_two_steps_needs_what_going_in_one_needs(facts, middle, to):
    """Gates are per stage: a → b → c is refused exactly when a → c is (no skipping around a gate)."""
    here = ORDER.index(facts.stage)
    if not facts.is_open or not here < ORDER.index(middle) < ORDER.index(to):
        return
    direct = gates.stage_move(facts, to)
    first = gates.stage_move(facts, middle)
    moved = OpportunityFacts(**{**{f: getattr(facts, f) for f in facts.__slots__}, "stage": middle})
    second = gates.stage_move(moved, to)
    assert direct.allowed == (first.allowed and second.allowed)
    assert gates.item_codes(direct.missing) == gates.item_codes(first.missing) + gates.item_codes(second.missing)


@given(st.booleans(), st.booleans(), st.booleans())
def test_a_proposal_goes_out_only_after_the_benefit_analysis_and_the_difference_assessment(benefit, difference, has):
    facts = OpportunityFacts(Stage.VALIDATE, has_benefit_analysis=benefit, has_difference_assessment=difference)
    missing = gates.item_codes(gates.proposal_send_missing(facts, has_version=has))
    expected = [
        code
        for present, code in (
            (benefit, "benefit_analysis"),
            (difference, "difference_assessment"),
            (has, "proposal_has_version"),
        )
        if not present
    ]
    assert missing == expected


lines_strategy = st.lists(
    st.builds(
        ChecklistLine,
        is_device=st.booleans(),
        quantity=st.integers(1, 5),
        counted=st.none() | st.integers(0, 6),
        tests_passed=st.integers(0, 2),
        tests_failed_last=st.booleans(),
    ),
    max_size=6,
)


@given(lines_strategy)
def test_acceptance_needs_every_line_counted_in_full_and_every_device_passed(lines):
    missing = gates.item_codes(gates.acceptance_missing(lines))
    ready = (
        any(line.is_device for line in lines)
        and all(line.counted is not None and line.counted >= line.quantity for line in lines)
        and all(line.tests_passed > 0 and not line.tests_failed_last for line in lines if line.is_device)
    )
    assert (missing == []) is ready
    assert gates.item_codes(gates.acceptance_missing(lines, accepted=True)) == ["already_accepted"]


def test_a_failed_retest_blocks_acceptance_again():
    line = ChecklistLine(is_device=True, quantity=1, counted=1, tests_passed=1, tests_failed_last=True)
    assert gates.item_codes(gates.acceptance_missing([line])) == ["devices_tested"]
