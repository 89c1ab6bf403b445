"""Model patterns of bulletins: wildcards, case and spaces (SPEC §4 及时通知)."""

from __future__ import annotations

import pytest

from aftersales.bulletins.policy import targeting


def test_patterns_are_split_on_lines_commas_and_semicolons_and_deduplicated():
    # given
    text = "PowerEdge R7*\nS5735-*, s5735-* ;S12700E；\n\n  "
    # when
    patterns = targeting.parse_patterns(text)
    # then
    assert patterns == ("poweredge r7*", "s5735-*", "s12700e")


@pytest.mark.parametrize(
    ("patterns", "model", "expected"),
    [
        pytest.param(("PowerEdge R7*",), "PowerEdge R750", True, id="trailing-star"),
        pytest.param(("PowerEdge R7*",), "PowerEdge R650", False, id="other-series"),
        pytest.param(("poweredge  r750",), "PowerEdge R750", True, id="case-and-spaces"),
        pytest.param(("PowerEdge R750",), "PowerEdge R750xs", False, id="exact-is-whole-name"),
        pytest.param(("S5735-L??T4S",), "S5735-L48T4S", True, id="question-marks"),
        pytest.param(("S5735-L??T4S",), "S5735-L8T4S", False, id="question-mark-is-one-character"),
        pytest.param(("*R750*",), "Dell PowerEdge R750 XA", True, id="stars-both-sides"),
        pytest.param(("R7[5]0",), "R750", False, id="brackets-are-literal"),
        pytest.param(("R7[5]0",), "R7[5]0", True, id="brackets-match-themselves"),
        pytest.param((), "anything", True, id="no-pattern-matches-all"),
    ],
)
def test_model_matches(patterns, model, expected):
    assert targeting.model_matches(patterns, model) is expected


def test_matching_models_keeps_the_given_spelling_and_order():
    # given
    models = ["S5735-L24T4S", "S12700E", "s5735-l48t4s", "S5735-L24T4S"]
    # when
    matched = targeting.matching_models(["S5735-*"], models)
    # then
    assert matched == ["S5735-L24T4S", "s5735-l48t4s"]
