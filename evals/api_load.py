"""Load test of `regkb serve`: many clients asking over HTTP at once.

Starts the real server (``python -m qa_app serve``) on a free loopback port over the index
under REGKB_HOME, with a bearer token, and drives it from ``--users`` client threads, each
with its own keep-alive connection, for ``--seconds``: four requests in five are
``POST /v1/ask``, one is ``POST /v1/chat/completions`` (what a chat bot sends).

    regkb ingest                                   # the index under REGKB_HOME
    python -m evals.api_load [--users 20] [--seconds 30] [--out evals/results]

First every question is asked once, serially, over HTTP: the single-client latency and the
answer each question must get. Then the load. An error is a transport failure or any status
but 200; a mismatch is an answer that differs from the serial one. Memory is the server
process's resident set (VmRSS), sampled during the run. Results go to
``evals/results/api-load.json`` and ``API-LOAD.md``; this measures and reports, it never fails.
Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from evals.load import percentiles
from evals.machine import machine

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"errors": 0, "mismatches": 0, "p95_ms": 1000.0}
STARTUP_SECONDS = 120
RSS_EVERY = 2.0
CHAT_SHARE = 0.2
# Written for this script: the everyday questions a QA department's bot gets (no evaluation set's).
QUESTIONS = [
    "谁负责产品上市放行？", "生产放行由谁负责？", "受托方可以把产品再委托给别的工厂吗？",
    "注册人要对受托生产企业做哪些审核？", "质量协议应当由谁签订？", "委托生产的产品出了不良事件，谁来报告？",
    "跨省委托生产由哪个省局做注册质量体系核查？", "受托生产企业要保存哪些记录？",
    "注册人不再委托生产了要办什么手续？", "代工厂的生产许可证要涵盖委托的产品吗？",
    "注册人的管理者代表要做什么？", "召回由谁负责实施？",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(token: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "REGKB_API_TOKEN": token, "PYTHONPATH": str(ROOT)}
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "qa_app", "serve", "--port", str(port)], cwd=ROOT,
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"regkb serve exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.25)
    process.terminate()
    raise SystemExit(f"regkb serve not healthy after {STARTUP_SECONDS} s")


def request(client: httpx.Client, endpoint: str, question: str) -> str:
    """One request; the answer text (or raises)."""
    if endpoint == "ask":
        response = client.post("/v1/ask", json={"question": question})
        response.raise_for_status()
        return response.json()["answer"]
    response = client.post("/v1/chat/completions", json={"model": "regkb",
                                                           "messages": [{"role": "user", "content": question}]})
    response.raise_for_status()
    return response.json()["regkb"]["answer"]


class Tally:
    def __init__(self, reference: dict[str, str]):
        self.reference = reference
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {"ask": [], "chat": []}
        self.errors: Counter[str] = Counter()
        self.mismatches: list[str] = []

    def record(self, client: httpx.Client, endpoint: str, question: str) -> None:
        start = time.perf_counter()
        try:
            answer = request(client, endpoint, question)
        except Exception as exc:  # noqa: BLE001 - every failure is counted, none may stop the run
            with self.lock:
                self.errors[f"{endpoint}: {type(exc).__name__}: {exc}"[:200]] += 1
            return
        elapsed = time.perf_counter() - start
        with self.lock:
            self.latencies[endpoint].append(elapsed)
            if answer != self.reference[question]:
                self.mismatches.append(question)


def run(url: str, token: str, pid: int, users: int, seconds: float) -> dict:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
        request(client, "ask", QUESTIONS[0])  # the server's answerer is warm once anybody has asked
        reference, serial = {}, []
        for question in QUESTIONS:
            start = time.perf_counter()
            reference[question] = request(client, "ask", question)
            serial.append(time.perf_counter() - start)
    tally = Tally(reference)
    gate = threading.Barrier(users + 1)
    stop = threading.Event()

    def user(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
            gate.wait()
            while not stop.is_set():
                endpoint = "chat" if rng.random() < CHAT_SHARE else "ask"
                tally.record(client, endpoint, rng.choice(QUESTIONS))

    threads = [threading.Thread(target=user, args=(seed,)) for seed in range(users)]
    for thread in threads:
        thread.start()
    rss_before, cpu_before = rss_mib(pid), cpu_seconds(pid)
    samples: list[tuple[float, float]] = []
    gate.wait()
    start = time.perf_counter()
    while (now := time.perf_counter() - start) < seconds:
        samples.append((round(now, 1), rss_mib(pid)))
        stop.wait(min(RSS_EVERY, seconds - now))
    stop.set()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    server_cpu = cpu_seconds(pid) - cpu_before
    samples.append((round(wall, 1), rss_mib(pid)))
    every = tally.latencies["ask"] + tally.latencies["chat"]
    answered = len(every)
    return {
        "serial": {"questions": len(QUESTIONS), **percentiles(serial)},
        "load": {"users": users, "seconds": seconds, "wall_s": round(wall, 2), "answered": answered,
                 "requests": answered + sum(tally.errors.values()),
                 "throughput_rps": round(answered / wall, 2), **percentiles(every),
                 "server_cpu_cores": round(server_cpu / wall, 2),
                 "by_endpoint": {name: {"answered": len(lat), **percentiles(lat)}
                                 for name, lat in tally.latencies.items()},
                 "errors": sum(tally.errors.values()), "error_kinds": dict(tally.errors),
                 "mismatches": len(tally.mismatches), "mismatched_questions": sorted(set(tally.mismatches)),
                 "rss_start_mib": rss_before, "rss_end_mib": samples[-1][1],
                 "rss_peak_mib": max(m for _, m in samples), "rss_samples": samples},
    }


def markdown(result: dict) -> str:
    info, serial, load = result["machine"], result["serial"], result["load"]
    ok = result["targets_met"]
    mark = {True: "yes", False: "**no**"}
    rows = [f"| {name} | {v['answered']} | {v['p50_ms']} | {v['p95_ms']} | {v['p99_ms']} | {v['max_ms']} |"
            for name, v in (("all", load), *(("POST /v1/ask" if n == "ask" else "POST /v1/chat/completions", v)
                                             for n, v in load["by_endpoint"].items()))]
    lines = [
        "# HTTP API load (`python -m evals.api_load`)", "",
        f"`regkb serve` (one uvicorn process, one shared KnowledgeBase + Answerer) on 127.0.0.1, driven by "
        f"{load['users']} client threads with keep-alive connections for {load['seconds']:g} s, no think time; "
        f"{int(100 - CHAT_SHARE * 100)}% `POST /v1/ask`, {int(CHAT_SHARE * 100)}% `POST /v1/chat/completions`, "
        f"{serial['questions']} questions written for the script. The clients run on the same 2 cores as the "
        f"server. {result['clauses']} clauses, embedder `{result['embedder']}`. {info['date']}, {info['cpus']} CPUs "
        f"({info['cpu']}), Python {info['python']}, commit {info['commit'] or '-'}; 1-minute load average "
        f"{info['loadavg_1min_at_start']} before the run (other processes sharing the cores).", "",
        f"Serial reference (1 client over HTTP): p50 {serial['p50_ms']} ms, p95 {serial['p95_ms']} ms.", "",
        f"Under load: {load['requests']} requests, {load['throughput_rps']} answers/s, {load['errors']} errors, "
        f"{load['mismatches']} answers different from the serial ones. The server used "
        f"{load['server_cpu_cores']} of the 2 cores on average; the clients and other work on the machine the rest.",
        "",
        "| endpoint | answered | p50 ms | p95 ms | p99 ms | max ms |", "| --- | ---: | ---: | ---: | ---: | ---: |",
        *rows, "",
        "| target | met |", "| --- | --- |",
        f"| zero errors | {mark[ok['zero_errors']]} |",
        f"| every answer identical to the serial one | {mark[ok['answers_match_serial']]} |",
        f"| p95 ≤ 1 s | {mark[ok['p95_within_1s']]} ({load['p95_ms']} ms) |", "",
        f"Server memory (VmRSS): {load['rss_start_mib']} MiB when the load started, peak {load['rss_peak_mib']} MiB, "
        f"{load['rss_end_mib']} MiB at the end. Samples (s, MiB): "
        + ", ".join(f"{t:g}: {m:g}" for t, m in load["rss_samples"]) + ".",
        "",
        "Sync endpoints run on uvicorn's thread pool and share one answerer, as Streamlit's sessions do; Python "
        "runs one thread at a time, so with no think time latency grows with the number of clients asking at the "
        "same instant (see `LOAD.md` for the same load without HTTP).",
    ]
    if load["error_kinds"]:
        lines += ["", "## Errors", ""] + [f"- {kind}: {count}" for kind, count in load["error_kinds"].items()]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the load (default 30)")
    parser.add_argument("--out", default=str(ROOT / "evals" / "results"),
                        help="folder for api-load.json and API-LOAD.md (default evals/results)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    load_before = round(os.getloadavg()[0], 2)
    token = secrets.token_hex(16)
    log = out / "api-load-server.log"
    process, url = start_server(token, log)
    try:
        health = httpx.get(f"{url}/healthz").json()
        print(f"serving {health['clauses']} clauses at {url}; {args.users} clients for {args.seconds:g} s", flush=True)
        measured = run(url, token, process.pid, args.users, args.seconds)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.unlink(missing_ok=True)
    load = measured["load"]
    result = {"machine": machine() | {"loadavg_1min_at_start": load_before}, "embedder": health["embedder"],
              "clauses": health["clauses"], "targets": TARGETS,
              "targets_met": {"zero_errors": load["errors"] == 0, "answers_match_serial": load["mismatches"] == 0,
                              "p95_within_1s": load["p95_ms"] <= TARGETS["p95_ms"]},
              **measured}
    (out / "api-load.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "API-LOAD.md").write_text(markdown(result), encoding="utf-8")
    print(json.dumps({"targets_met": result["targets_met"]} |
                     {"load": {k: v for k, v in load.items() if k != "rss_samples"}}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
