"""Load test: many people asking at once against one app instance.

Streamlit serves every browser session on a thread of one process, and the app shares
one KnowledgeBase and one Answerer between them (``st.cache_resource``). This script
does the same without the browser: one shared KnowledgeBase + Answerer, ``--users``
threads asking a mix of the questions in ``evals/questions.yaml`` for ``--seconds``.

    regkb ingest                                   # the index under REGKB_HOME
    python -m evals.load [--users 20] [--seconds 60] [--think 0] [--out evals/results]

Phases, in order:

1. reference: every question asked once, serially, on a separate Answerer: the single-user
   latency and the answer each question must get;
2. cold burst: a fresh Answerer (as after an app restart) gets one question from every
   user at the same instant, so its lazily built term statistics are built under contention;
3. steady load: every user asks, waits ``--think`` seconds, asks again, until the time is up.

An error is an exception from ``ask``; a mismatch is an answer that differs from the serial
one (a thread-safety bug would show up there before it raised anything). Memory is the
process's resident set (VmRSS) before and after the load. Results go to
``evals/results/load.json`` and ``LOAD.md``; this measures and reports, it never fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import threading
import time
import traceback
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

from ingest.settings import Settings, quiet_telemetry

quiet_telemetry()

from evals.qa_eval import machine  # noqa: E402
from qa_app.answer import Answer, Answerer  # noqa: E402
from qa_app.kb import KnowledgeBase  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "evals" / "questions.yaml"
K = 5  # the chat page's default number of results
TARGETS = {"errors": 0, "mismatches": 0, "p95_ms": 1000.0}
RSS_EVERY = 5.0  # seconds between memory samples during the load
# The first seconds grow the heap once (20 thread stacks, malloc arenas, chromadb's caches);
# growth after that is what would show a leak.
WARMUP_S = 10.0
KEPT_TRACEBACKS = 5


def load_questions(path: Path) -> list[str]:
    return [q["question"] for q in yaml.safe_load(path.read_text(encoding="utf-8"))]


def rss_mib() -> float:
    """Current resident set of this process (not the peak: growth is what we look for)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def fingerprint(answer: Answer) -> tuple:
    """What a user sees: the text, the parties, the cited clauses in order (scores are left
    out, so float noise cannot pass for a difference)."""
    return answer.answer, answer.parties, tuple(c.clause_id for c in answer.citations), answer.abstained


def ask(answerer: Answerer, question: str) -> Answer:
    # The chat page's defaults: k=5, whole corpus, in-force texts only.
    return answerer.ask(question, K, doc_ids=None, levels=None, in_force_only=True)


def percentiles(latencies: list[float]) -> dict:
    if not latencies:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0, "mean_ms": 0.0}
    ms = np.asarray(latencies) * 1000
    return {"p50_ms": round(float(np.percentile(ms, 50)), 1), "p95_ms": round(float(np.percentile(ms, 95)), 1),
            "p99_ms": round(float(np.percentile(ms, 99)), 1), "max_ms": round(float(ms.max()), 1),
            "mean_ms": round(float(ms.mean()), 1)}


class Tally:
    """Latencies, errors and mismatches from all threads."""

    def __init__(self, reference: dict[str, tuple]):
        self.reference = reference
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: Counter[str] = Counter()
        self.tracebacks: list[str] = []
        self.mismatches: list[str] = []

    def record(self, answerer: Answerer, question: str) -> None:
        start = time.perf_counter()
        try:
            answer = ask(answerer, question)
        except Exception as exc:  # noqa: BLE001 - every failure is counted, none may stop the run
            with self.lock:
                self.errors[f"{type(exc).__name__}: {exc}"[:200]] += 1
                if len(self.tracebacks) < KEPT_TRACEBACKS:
                    self.tracebacks.append(traceback.format_exc())
            return
        elapsed = time.perf_counter() - start
        same = fingerprint(answer) == self.reference[question]
        with self.lock:
            self.latencies.append(elapsed)
            if not same:
                self.mismatches.append(question)

    def summary(self, wall: float) -> dict:
        done = len(self.latencies)
        return {"requests": done + sum(self.errors.values()), "answered": done,
                "throughput_rps": round(done / wall, 2) if wall else 0.0, "wall_s": round(wall, 2),
                **percentiles(self.latencies), "errors": sum(self.errors.values()), "error_kinds": dict(self.errors),
                "tracebacks": self.tracebacks, "mismatches": len(self.mismatches),
                "mismatched_questions": sorted(set(self.mismatches))[:20]}


def reference_pass(kb: KnowledgeBase, questions: list[str]) -> tuple[dict[str, tuple], dict]:
    """Each question once, one at a time, on its own Answerer."""
    answerer = Answerer(kb)
    ask(answerer, questions[0])  # builds the term statistics outside the timing
    answers, latencies = {}, []
    for question in questions:
        start = time.perf_counter()
        answers[question] = fingerprint(ask(answerer, question))
        latencies.append(time.perf_counter() - start)
    return answers, {"questions": len(questions), **percentiles(latencies),
                     "throughput_rps": round(len(latencies) / sum(latencies), 2)}


def cold_burst(kb: KnowledgeBase, questions: list[str], reference: dict, users: int) -> dict:
    """A fresh Answerer hit by every user at once, as after a restart."""
    answerer, tally = Answerer(kb), Tally(reference)
    gate = threading.Barrier(users)
    picks = random.Random(0).sample(questions, users)

    def one(question: str) -> None:
        gate.wait()
        tally.record(answerer, question)

    start = time.perf_counter()
    threads = [threading.Thread(target=one, args=(q,)) for q in picks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally.summary(time.perf_counter() - start)


def steady_load(kb: KnowledgeBase, questions: list[str], reference: dict, users: int, seconds: float,
                think: float) -> dict:
    """``users`` threads on one shared Answerer until ``seconds`` have passed; a request
    already started is allowed to finish and is counted."""
    answerer, tally = Answerer(kb), Tally(reference)
    ask(answerer, questions[0])  # the app's answerer is warm once anybody has asked
    gate = threading.Barrier(users + 1)
    stop = threading.Event()
    samples: list[tuple[float, float]] = []

    def user(seed: int) -> None:
        rng = random.Random(seed)
        gate.wait()
        while not stop.is_set():
            tally.record(answerer, rng.choice(questions))
            if think:
                stop.wait(rng.uniform(0.5, 1.5) * think)

    threads = [threading.Thread(target=user, args=(seed,)) for seed in range(users)]
    for t in threads:
        t.start()
    rss_before, cpu_before = rss_mib(), os.times()
    gate.wait()
    start = time.perf_counter()
    while (now := time.perf_counter() - start) < seconds:
        samples.append((round(now, 1), rss_mib()))
        stop.wait(min(RSS_EVERY, seconds - now))
    stop.set()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    cpu_after = os.times()
    cpu = (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system)
    samples.append((round(wall, 1), rss_mib()))
    warm = next((mib for at, mib in samples if at >= WARMUP_S), samples[-1][1])
    result = tally.summary(wall)
    result.update(users=users, seconds=seconds, think_s=think, cpu_utilisation=round(cpu / wall, 2),
                  rss_start_mib=rss_before, rss_end_mib=samples[-1][1],
                  rss_growth_mib=round(samples[-1][1] - rss_before, 1),
                  rss_growth_after_warmup_mib=round(samples[-1][1] - warm, 1), rss_samples=samples)
    return result


def verdict(load: dict, burst: dict) -> dict:
    return {"zero_errors": load["errors"] == 0 and burst["errors"] == 0,
            "answers_match_serial": load["mismatches"] == 0 and burst["mismatches"] == 0,
            "p95_within_1s": load["p95_ms"] <= TARGETS["p95_ms"]}


def markdown(result: dict) -> str:
    info, ref, burst, load = result["machine"], result["reference"], result["cold_burst"], result["load"]
    ok = result["targets_met"]
    mark = {True: "yes", False: "**no**"}
    lines = [
        "# Load (`python -m evals.load`)", "",
        f"{load['users']} concurrent askers for {load['seconds']:g} s (think time {load['think_s']:g} s) on one shared "
        f"KnowledgeBase + Answerer in one process, the way Streamlit serves its sessions (one thread each); "
        f"{ref['questions']} questions from `evals/questions.yaml`, k={K}, in-force texts only. "
        f"Embedder `{result['embedder']}`, {result['clauses']} clauses. {info['date']}, {info['cpus']} CPUs "
        f"({info['cpu']}), Python {info['python']}, commit {info['commit'] or '-'}; 1-minute load average "
        f"{info['loadavg_1min_at_start']} before the run (other processes sharing the cores).", "",
        "| phase | requests | throughput (req/s) | p50 ms | p95 ms | p99 ms | max ms | errors | differs from serial |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| serial reference (1 user) | {ref['questions']} | {ref['throughput_rps']} | {ref['p50_ms']} "
        f"| {ref['p95_ms']} | {ref['p99_ms']} | {ref['max_ms']} | 0 | - |",
        f"| cold burst ({burst['answered'] + burst['errors']} at once, fresh answerer) | {burst['requests']} | "
        f"{burst['throughput_rps']} | {burst['p50_ms']} | {burst['p95_ms']} | {burst['p99_ms']} | {burst['max_ms']} "
        f"| {burst['errors']} | {burst['mismatches']} |",
        f"| steady load ({load['users']} users) | {load['requests']} | {load['throughput_rps']} | {load['p50_ms']} | "
        f"{load['p95_ms']} | {load['p99_ms']} | {load['max_ms']} | {load['errors']} | {load['mismatches']} |",
        "",
        "| target | met |", "| --- | --- |",
        f"| zero errors | {mark[ok['zero_errors']]} |",
        f"| every concurrent answer identical to the serial one | {mark[ok['answers_match_serial']]} |",
        f"| steady-load p95 ≤ 1 s | {mark[ok['p95_within_1s']]} ({load['p95_ms']} ms) |",
        "",
        f"Memory (VmRSS): {result['rss_after_open_mib']} MiB after opening the knowledge base; "
        f"{load['rss_start_mib']} MiB when the load started (three answerers have built their term statistics by "
        f"then: reference, burst, load; the app keeps one), {load['rss_end_mib']} MiB at the end "
        f"(growth {load['rss_growth_mib']:+g} MiB over {load['answered']} answers, "
        f"{load['rss_growth_after_warmup_mib']:+g} MiB after the first {WARMUP_S:g} s). Samples (s, MiB): "
        + ", ".join(f"{t:g}: {m:g}" for t, m in load["rss_samples"]) + ".",
        "",
        f"CPU: the process used {load['cpu_utilisation']} cores on average during the load. Python code runs one "
        "thread at a time (the GIL; numpy, the encoder and chromadb's queries release it), so with no think time "
        "a request waits for the others: latency grows with the number of users asking at the same instant and "
        "throughput is bounded by the cores. Real users pause between questions to read the answer, so this "
        f"is the worst case for {load['users']} people. The cold burst is what the first users after a restart "
        "see: the answerer's term statistics are built once, on the first question, while the others wait.",
    ]
    if load["error_kinds"] or burst["error_kinds"]:
        kinds = Counter(burst["error_kinds"]) + Counter(load["error_kinds"])
        lines += ["", "## Errors", ""] + [f"- {kind}: {count}" for kind, count in kinds.items()]
    if load["mismatched_questions"] or burst["mismatched_questions"]:
        lines += ["", "## Answers that differed from the serial run", ""]
        lines += [f"- {q}" for q in sorted(set(burst["mismatched_questions"]) | set(load["mismatched_questions"]))]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20, help="concurrent askers (default 20)")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the steady load (default 60)")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause between one user's questions in seconds (default 0: ask again at once)")
    parser.add_argument("--questions", default=str(QUESTIONS))
    parser.add_argument("--out", default=str(ROOT / "evals" / "results"),
                        help="folder for load.json and LOAD.md (default evals/results)")
    args = parser.parse_args(argv)
    questions = load_questions(Path(args.questions))
    # Other work on the machine slows every phase alike; say how busy it was.
    load_before = round(os.getloadavg()[0], 2)
    kb = KnowledgeBase.open(Settings())
    rss_after_open = rss_mib()
    print(f"reference: {len(questions)} questions, serially", flush=True)
    reference, serial = reference_pass(kb, questions)
    print(f"cold burst: {args.users} at once", flush=True)
    burst = cold_burst(kb, questions, reference, args.users)
    print(f"steady load: {args.users} users for {args.seconds:g} s", flush=True)
    load = steady_load(kb, questions, reference, args.users, args.seconds, args.think)
    result = {"machine": machine() | {"loadavg_1min_at_start": load_before}, "embedder": kb.embedder.name,
              "clauses": len(kb.clauses),
              "rss_after_open_mib": rss_after_open, "targets": TARGETS, "targets_met": verdict(load, burst),
              "reference": serial, "cold_burst": burst, "load": load}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "load.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "LOAD.md").write_text(markdown(result), encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("targets_met", "reference")} |
                     {"load": {k: v for k, v in load.items() if k not in ("rss_samples", "tracebacks")}},
                     ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
