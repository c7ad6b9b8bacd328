"""How sure an answer is: the chance that it is right, from what the answerer knows when it
answers (how well the quoted rule fits what is asked, the best clause's coverage of the question,
its lead over the next clause, the verdict and the modality it came from, whether the rule's
holder is a party the question names, whether the quoted clause is from a text the question names,
how much of the asked action the answer's text says …).

A logistic model fitted on the development sets, whose answers are labelled right or wrong from
their keys (``python -m evals.calibrate``, results in evals/results/CONFIDENCE.md). The fitted
weights ship in data/confidence.json, read once; answering takes a dot product and a sigmoid.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CALIBRATION = Path(__file__).parents[1] / "data" / "confidence.json"
# An answer that says it cannot tell (未能从条文中确定…) is never shown as sure: it stays 低.
CANNOT_TELL_CAP = 0.45
# A yes resting on a rule of another modality than the one asked (可以吗 → 可以，而且应当) stays below
# 高 (0.8): on the development sets, most such answers were wrong or right by luck (blind set 5:
# 9 of 15 wrong, 5 of the 6 right ones quoting an unrelated duty).
YES_ACROSS_CAP = 0.79
# Ranges the raw signals are scaled from (to 0-1): a lead of a third of a point over the next
# clause already separates them clearly; beyond five asked words the rule lacks, three everyday
# words or four clauses in the question, more says nothing new.
MARGIN_SCALE, MISSING_SCALE, EVERYDAY_SCALE, CLAUSES_SCALE = 0.3, 5, 3, 3
SLOTS = {"whether_must": "must", "whether_may": "may", "when": "when", "items": "items", "who": "who",
         "department": "who", "liable": "who"}  # how / what: the reference group (no feature)
MODALITIES = {"must": "must", "default_rule": "must", "must_not": "negative", "no_need": "negative", "may": "may",
              "encouraged": "may"}


@dataclass(frozen=True)
class Signals:
    """What the answerer knows about one answer when it gives it."""

    fit: float  # how much of the asked action the quoted rule's action covers (0-1)
    coverage: float  # the best clause's share of the question's weighted terms (0-1)
    margin: float  # the best clause's lead in the re-ranking over the next one
    # The answer says no rule settles what is asked (未能从条文中确定…), or names no one when asked who. A
    # rule that fits weakly but still answers is not this (``fit`` weighs it): on the development sets
    # most such answers were right, and holding them below 中 hid them among the wrong ones.
    cannot_tell: bool
    slot: str  # the frame's slot: who / whether_must / when / items …
    verdict: str | None  # yes / no / depends, for a yes/no question
    modality: str  # of the quoted rule: must / must_not / may / no_need / encouraged / default_rule / ""
    holder_asked: bool  # the quoted rule is held by a party the question names
    quoted_top: bool  # the rule the answer rests on is in the best-ranked clause
    missing: int  # asked words (with their synonyms) the quoted sentence does not have
    missing_share: float  # their weighted share of the asked words (0-1)
    everyday: int  # everyday words the question was read through (代工厂 → 受托生产企业)
    unknown: float  # the weighted share of the question's words the corpus never uses (0-1)
    clauses: int  # the question's clauses (…，…？…？): a long, compound question is harder to read
    # The asked action's weighted share that the answer's whole text has (its quotes, its list lines,
    # its lead; not the words it repeats from the question): an answer whose lines never say what
    # was asked is more often wrong than one whose best clause merely ranks well (0-1).
    answer_fit: float = 1.0
    holderless: bool = False  # the rule the answer rests on names no holder (or no rule was found)
    # The clause the answer quotes first is from a text the question names (按…公告, …指南里): on the spent
    # sets such answers were mostly right (evals/results/CONFIDENCE-SIGNALS-STUDY.md).
    named_text: bool = False

    def features(self) -> dict[str, float]:
        """The model's inputs, named as in the calibration file."""
        slot = SLOTS.get(self.slot, "")
        modality = MODALITIES.get(self.modality, "")
        return {
            "fit": _unit(self.fit),
            "coverage": _unit(self.coverage),
            "margin": _unit(self.margin / MARGIN_SCALE),
            "cannot_tell": float(self.cannot_tell),
            **{f"slot_{s}": float(slot == s) for s in ("must", "may", "when", "items", "who")},
            "verdict_no": float(self.verdict == "no"),
            "verdict_depends": float(self.verdict == "depends"),
            # 可以吗 answered 可以 from a rule that says 应当 (or 必须吗 from one that says 可以): the
            # rule speaks of another modality than the one asked, a stretch more often wrong than right.
            "yes_across": float(self.verdict == "yes" and (slot, modality) in (("may", "must"), ("must", "may"))),
            "rule_negative": float(modality == "negative"),
            "rule_may": float(modality == "may"),
            "holder_asked": float(self.holder_asked),
            "quoted_top": float(self.quoted_top),
            "missing": _unit(self.missing / MISSING_SCALE),
            "missing_share": _unit(self.missing_share),
            "everyday": _unit(self.everyday / EVERYDAY_SCALE),
            "unknown": _unit(self.unknown),
            "clauses": _unit((self.clauses - 1) / CLAUSES_SCALE),
            "answer_fit": _unit(self.answer_fit),
            "holderless": float(self.holderless),
            "named_text": float(self.named_text),
        }


def _unit(value: float) -> float:
    return min(1.0, max(0.0, value))


@dataclass(frozen=True)
class Calibration:
    """A fitted logistic model: P(right) = sigmoid(intercept + Σ weight · feature)."""

    intercept: float
    weights: dict[str, float]

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(w * features.get(name, 0.0) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def calibration(path: Path = CALIBRATION) -> Calibration:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Calibration(float(data["intercept"]), {k: float(v) for k, v in data["weights"].items()})


def confidence(signals: Signals, model: Calibration | None = None) -> float:
    """The chance the answer is right, 0-1."""
    return confidence_of(signals.features(), model)


def confidence_of(features: dict[str, float], model: Calibration | None = None) -> float:
    """The confidence for the model's inputs (an answer that cannot tell stays below 中, a yes
    across modalities below 高)."""
    value = (model or calibration()).probability(features)
    if features.get("cannot_tell"):
        value = min(value, CANNOT_TELL_CAP)
    if features.get("yes_across"):
        value = min(value, YES_ACROSS_CAP)
    return round(value, 3)
