"""The follow-up choice study's margin variant (evals/followup_choice_study.py) on made-up rows: on a turn the
rules read, their reading stands unless another leads it by more than the margin; a turn the rules leave alone is
chosen as before; the nested choice of the margin prefers the larger one where both answer alike."""

from evals import followup_choice_study as study
from qa_app.answer.followup import ANSWERED, OWN_FEATURES


def _reading(made: list[str], cover: float, gold: bool) -> dict:
    own = [0.0] * len(OWN_FEATURES)
    own[OWN_FEATURES.index("turn_cover")] = cover
    return {"made": made, "own": own, "gold1": gold, "gold5": gold}


def _row(fold: str, i: int, rules_gold: bool, lead: float, alone_too: bool = False) -> dict:
    """A turn whose rules' reading has turn_cover 0 and whose appended reading leads it by ``lead``."""
    first = [_reading(["alone", "rules"], 0.0, rules_gold)] if alone_too else [
        _reading(["alone"], 0.0, False), _reading(["rules"], 0.0, rules_gold)]
    return {"fold": fold, "id": f"{fold}-{i}", "special": False, "today": {"gold1": rules_gold, "gold5": rules_gold},
            "readings": [*first, _reading(["appended"], lead, not rules_gold)]}


MODEL = {"mean": [0.0] * (len(ANSWERED) + len(OWN_FEATURES)), "std": [1.0] * (len(ANSWERED) + len(OWN_FEATURES)),
         "w": [0.0] * len(ANSWERED) + [1.0 if f == "turn_cover" else 0.0 for f in OWN_FEATURES]}


def test_the_rules_reading_stands_unless_another_leads_it_by_more_than_the_margin():
    near, far = study.variant([_row("a", 0, True, 0.2), _row("a", 1, False, 0.9)], ANSWERED)
    assert study.chosen(MODEL, near)["gold1"] and "rules" in study.chosen(MODEL, near, margin=0.5)["made"]
    assert "appended" in study.chosen(MODEL, far, margin=0.5)["made"]
    assert study.chosen(MODEL, far, margin=float("inf")) is far["readings"][1]
    assert study.chosen(MODEL, far) is far["today"]  # without a margin: today's code, the rules' reading


def test_a_turn_the_rules_leave_alone_is_chosen_as_before_whatever_the_margin():
    (row,) = study.variant([_row("a", 0, False, 0.9, alone_too=True)], ANSWERED)
    assert study.chosen(MODEL, row, margin=5.0) is study.chosen(MODEL, row)


def test_the_nested_margin_is_the_larger_where_margins_answer_alike():
    rows = study.variant([_row(f, i, True, 0.1) for f in "abc" for i in range(4)], ANSWERED)
    margin, right = study.pick_margin(rows, ANSWERED, ["a", "b", "c"])
    assert margin == max(m for m, n in right.items() if n == max(right.values()))
