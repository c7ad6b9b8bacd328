"""Quiz validity: generate 300 items over the shipped corpus, all four types, and run the
automatic checker (qa_app.quiz.validate) over them.

Run from the repository root::

    python -m evals.quiz_eval [--n 300] [--seed 2026]

The corpus is indexed afresh in a temporary REGKB_HOME (about 15 s), so the figures
belong to the code and corpus of this checkout, not to whatever index is lying around.
Writes ``evals/results/quiz-eval.json`` (the numbers, every problem found, and the 40
items of the hand review, 10 per type) and ``evals/results/QUIZ.md``. The hand review
itself is ``evals/results/quiz-review.md``, written by a person.

Measures and writes; never fails on a missed target (the target is >= 98% valid).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

from evals.machine import machine  # noqa: E402
from ingest.settings import REPO_DIR, Settings, quiet_telemetry

quiet_telemetry()

RESULTS = REPO_DIR / "evals" / "results"
TARGET = 0.98
REVIEW_PER_TYPE = 10



def open_corpus(home: Path):
    from ingest.embed import make_embedder
    from ingest.index import Ingestor
    from ingest.tokenize import Tokenizer
    from qa_app.kb import KnowledgeBase

    settings = Settings(home=home, corpus=REPO_DIR / "corpus", embed_model="", threads=1)
    embedder, tokenizer = make_embedder(), Tokenizer()
    Ingestor(settings, embedder, tokenizer).run()
    return KnowledgeBase.open(settings, embedder=embedder, tokenizer=tokenizer)


def evaluate(kb, n: int, seed: int) -> dict:
    from qa_app.quiz import TYPES, FactBase, QuizGenerator, Selection, check_item, validity_report

    started = time.perf_counter()
    facts = FactBase.from_kb(kb)
    generator = QuizGenerator(facts)
    candidates = {kind: generator.candidates(kind) for kind in TYPES}
    build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    items = generator.generate(Selection(n=n, seed=seed))
    draw_seconds = time.perf_counter() - started

    report = validity_report(items, facts)
    # Every candidate the generator can make, not just the ones drawn: the set's rate is a
    # sample of this.
    candidate_rates = {}
    for kind, pool in candidates.items():
        bad = sum(1 for item in pool if check_item(item, facts))
        candidate_rates[kind] = {"candidates": len(pool), "valid": len(pool) - bad,
                                 "validity_rate": round((len(pool) - bad) / len(pool), 4) if pool else 0.0}
    singles = [i for i in items if i.type == "single"]
    review = [i for kind in TYPES for i in [x for x in items if x.type == kind][:REVIEW_PER_TYPE]]
    return {
        "n": n, "seed": seed,
        "target": TARGET,
        "validity_rate": report["validity_rate"],
        "items": report["items"],
        "valid": report["valid"],
        "by_type": report["by_type"],
        "by_difficulty": dict(Counter(i.difficulty for i in items)),
        "key_positions_single": [sum(1 for i in singles if i.options.index(i.answer) == k) for k in range(4)],
        "truefalse_answers": dict(Counter(i.answer for i in items if i.type == "truefalse")),
        "documents": len({t for i in items for t in i.tag_values("doc")}),
        "candidates": candidate_rates,
        "seconds": {"build_candidates": round(build_seconds, 2), "draw_set": round(draw_seconds, 3)},
        "problems": report["problems"],
        "set": [{"id": i.id, "type": i.type, "stem": i.stem, "answer": i.answer, "clause_id": i.citation.clause_id}
                for i in items],
        "review_sample": [i.to_dict() for i in review],
    }


def markdown(result: dict, info: dict) -> str:
    from qa_app.quiz import TYPE_LABELS

    ok = "met" if result["validity_rate"] >= result["target"] else "MISSED"
    lines = [
        "# Quiz validity (`python -m evals.quiz_eval`)", "",
        f"{result['items']} items drawn with seed {result['seed']} from the shipped corpus "
        f"({result['documents']} documents), all four types; checked by `qa_app/quiz/validate.py` "
        "(citation verbatim, key follows from the cited sentence, distractors / swapped parties / flipped "
        "modalities not also true anywhere in the corpus, stem free of debris, no near-duplicates, answer "
        "positions balanced).", "",
        f"{info['date']}, {info['cpus']} CPUs ({info['cpu']}), Python {info['python']}, commit "
        f"{info['commit'] or '-'}.", "",
        f"**Validity: {result['valid']} / {result['items']} = {result['validity_rate']:.1%}** "
        f"(target >= {result['target']:.0%}: {ok}).", "",
        "| type | items | valid | rate | all candidates | valid | rate |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind, row in result["by_type"].items():
        cand = result["candidates"][kind]
        lines.append(f"| {TYPE_LABELS[kind]} ({kind}) | {row['items']} | {row['valid']} | "
                     f"{row['valid'] / row['items']:.1%} | {cand['candidates']} | {cand['valid']} | "
                     f"{cand['validity_rate']:.1%} |")
    lines += [
        "",
        f"Difficulty: {', '.join(f'{k} {v}' for k, v in sorted(result['by_difficulty'].items()))}. "
        f"Single-choice keys at A-D: {result['key_positions_single']}. True/false answers: "
        f"{', '.join(f'{k} {v}' for k, v in result['truefalse_answers'].items())}.", "",
        f"Time: building every candidate {result['seconds']['build_candidates']} s, drawing the set "
        f"{result['seconds']['draw_set']} s.", "",
        "## Failures", "",
    ]
    if result["problems"]:
        lines += [f"- `{p['item_id']}` ({p['check']}): {p['message']}" for p in result["problems"]]
    else:
        lines.append("None: the checker found no problem in the set.")
    lines += [
        "", "The checker shares the corpus model (duty annotations, the same-duty similarity) with the "
        "generator, so it cannot see what that model misses; the hand review of 40 items in "
        "[quiz-review.md](quiz-review.md) is the independent check.", "",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="regkb-quiz-eval-") as home:
        kb = open_corpus(Path(home))
        result = evaluate(kb, args.n, args.seed)
    info = machine()
    result["machine"] = info
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "quiz-eval.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (args.out / "QUIZ.md").write_text(markdown(result, info), encoding="utf-8")
    print(f"validity {result['valid']}/{result['items']} = {result['validity_rate']:.1%} "
          f"(target {TARGET:.0%}); wrote {args.out / 'QUIZ.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
