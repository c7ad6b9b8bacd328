"""The rank study's fitting (evals/rank_study.py) on made-up candidate rows: the fitted rankers put
the gold candidate first where one feature tells it apart, whatever the pool's order."""

import numpy as np

from evals import rank_study


def _rows(n: int, seed: int, fold: str) -> list[dict]:
    """Pools of 5 candidates whose gold one has the highest second feature but a random rank
    (the first feature, noise, says nothing)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        gold_at = int(rng.integers(0, 5))
        cands = []
        for j in range(5):
            signal = 1.0 + rng.random() if j == gold_at else rng.random()
            cands.append({"id": f"c{j}", "gold": j == gold_at, "x": [float(rng.random()), signal]})
        rows.append({"fold": fold, "id": f"{fold}-{i}", "evidence0_gold": cands[0]["gold"], "candidates": cands})
    return rows


def test_pointwise_and_pairwise_fits_learn_the_telling_feature():
    train = _rows(60, 1, "a")
    for fitter in (rank_study.fit, rank_study.fit_pairwise):
        model = fitter(train)
        assert model["w"][1] > abs(model["w"][0])
        held = _rows(30, 2, "b")
        assert all(rank_study.reorder(model, r["candidates"])[0]["gold"] for r in held)


def test_pools_without_gold_are_skipped_and_reciprocal_rank_counts_from_one():
    rows = _rows(20, 3, "a")
    rows.append({"fold": "a", "id": "none", "evidence0_gold": False,
                 "candidates": [{"id": "x", "gold": False, "x": [0.0, 0.0]}]})
    assert len(rank_study.fit_pairwise(rows)["w"]) == 2
    assert rank_study.reciprocal_rank([{"gold": False}, {"gold": True}]) == 0.5
    assert rank_study.reciprocal_rank([{"gold": False}]) == 0.0


def test_study_reports_every_fold_and_the_baselines():
    rows = _rows(20, 4, "a") + _rows(20, 5, "b")
    result = rank_study.study(rows)
    assert set(result["folds"]) == {"a", "b"}
    overall = result["overall"]
    assert overall["n"] == 40 and overall["gold_in_pool"] == 40
    assert overall["pool_top1"] == overall["evidence_top1"] < 20
    assert overall["pair_top1"] >= 38 and overall["fitted_top1"] >= 38
    assert "| a |" in rank_study.report(result) and "question" not in rank_study.report(result).split("\n")[0]
