"""The weight files of the answerer's fitted models (``qa_app/data/*.json``, each written by its study's
``--write``): a file is used only where it was fitted for the features the code computes today."""

from __future__ import annotations

import json
import math
from pathlib import Path

DATA = Path(__file__).parents[1] / "data"


def load(path: Path, features) -> dict | None:
    """The weights in ``path``, or None where there is no such file or it was fitted for other features."""
    if not path.exists():
        return None
    model = json.loads(path.read_text(encoding="utf-8"))
    return model if list(model.get("features", ())) == list(features) else None


def score(model: dict, x) -> float:
    """The model's linear score of one row (standardized features, a dot product)."""
    return sum(w * (v - m) / s for w, v, m, s in zip(model["w"], x, model["mean"], model["std"]))


def probability(model: dict, x) -> float:
    """A logistic model's probability for one row (its intercept ``b`` plus the linear score)."""
    return 1.0 / (1.0 + math.exp(-(model["b"] + score(model, x))))
