"""The inspection action table (``aftersales.inspections.policy.lifecycle``)."""

from __future__ import annotations

import pytest

from aftersales.inspections.choices import InspectionStatus
from aftersales.inspections.policy.lifecycle import ACTIONS, pending_count, target_of


@pytest.mark.parametrize(
    ("status", "action", "expected"),
    [
        pytest.param("in_progress", "complete", "completed", id="complete"),
        pytest.param("in_progress", "cancel", "cancelled", id="cancel"),
        pytest.param("completed", "complete", None, id="complete-twice"),
        pytest.param("completed", "cancel", None, id="cancel-after-completion"),
        pytest.param("cancelled", "complete", None, id="complete-after-cancel"),
        pytest.param("in_progress", "reopen", None, id="unknown-action"),
    ],
)
def test_target_of(status: str, action: str, expected: str | None) -> None:
    assert target_of(status, action) == expected


def test_every_state_of_the_table_is_a_real_status_and_terminal_states_do_not_leave() -> None:
    states = {s for t in ACTIONS.values() for s in t.sources} | {t.target for t in ACTIONS.values()}
    assert states <= set(InspectionStatus.values)
    assert [a for a, t in ACTIONS.items() if t.sources & {"completed", "cancelled"}] == []


def test_pending_count() -> None:
    assert pending_count(["ok", "pending", "issue", "pending", "na"]) == 2
    assert pending_count([]) == 0
