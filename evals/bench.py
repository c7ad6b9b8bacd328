"""Benchmarks for regkb: ingest time, re-ingest time, search latency, cold start, and (with
--scale) the same at ~600 documents.

Run from the repository root::

    python -m evals.bench              # shipped corpus only (~1-2 min)
    python -m evals.bench --scale      # also the 597-document scale corpus (several minutes)

This measures and writes results; it never fails on a missed target. Targets are
reported as pass/fail in ``evals/results/bench-<date>[-scale].json`` and in
``evals/results/BENCHMARKS.md`` (regenerated on every run).

Ingests run in a subprocess (``python -m qa_app ingest``) so that interpreter start-up,
imports and model loading count the way they do for a user's first ``regkb ingest``.
Search latency is measured in-process on a warm KnowledgeBase.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import traceback
from pathlib import Path

from ingest.settings import REPO_DIR, Settings, quiet_telemetry

quiet_telemetry()

SHIPPED_CORPUS = REPO_DIR / "corpus"
SCALE_TARBALL = Path("/work/shared/scale-corpus/nmpa-guidance-zh.tar.gz")
DEFAULT_OUT = REPO_DIR / "evals" / "results"
TIME_BIN = Path("/usr/bin/time")

WARMUP = 5
QUERIES = 200
K = 5
SCALE_INGEST_TIMEOUT = 3600  # s; the target is 900 s, this only stops a hung run

TARGETS = {
    "cold_ingest_wall_s": 60.0,
    "reingest_wall_s": 5.0,
    "search_p50_ms": 50.0,
    "search_p95_ms": 150.0,
    "scale_ingest_wall_s": 15 * 60.0,
    "scale_search_p95_ms": 200.0,
    "cold_ask_wall_s": 2.0,
    "cold_help_wall_s": 0.5,
}
COLD_RUNS = 5
COLD_QUESTION = "谁负责上市放行？"

# Realistic questions a regulatory-affairs person would type; colloquial wording on purpose.
QUESTIONS = [
    "谁负责产品上市放行",
    "受托生产企业能否再次委托",
    "质量协议有效期",
    "跨区域委托生产联合检查组长由谁担任",
    "注册人所在地省局的职责",
    "不良事件监测由谁负责",
    "代工厂能不能外包",
    "植入性医疗器械委托生产派驻人员",
    "年度自查报告什么时候提交",
    "生产许可证有效期",
    "委托生产需要向哪个部门报告",
    "注册人应当对受托生产企业进行哪些审核",
    "禁止委托生产的医疗器械目录包括哪些产品",
    "医疗器械召回分为几级",
    "一级召回多长时间内通知到有关单位",
    "飞行检查发现问题怎么处理",
    "说明书和标签必须包含哪些内容",
    "进口医疗器械在境内生产需要什么条件",
    "注册自检需要具备什么能力",
    "质量管理体系核查的重点是什么",
    "企业负责人的主体责任有哪些",
    "管理者代表应当具备什么条件",
    "供应商审核要查什么",
    "经营企业需要办理什么许可或备案",
    "第一类医疗器械备案向谁提交",
    "医疗器械注册证有效期几年",
    "延续注册什么时候申请",
    "生产地址变更需要办理什么手续",
    "委托生产终止后注册人要做什么",
    "受托方的生产质量管理体系由谁监督",
    "严重伤害事件报告时限",
    "群体不良事件如何处置",
    "注册人变更受托生产企业是否需要重新核查",
    "产品放行和生产放行有什么区别",
    "委托方和受托方的质量责任如何划分",
    "生产企业停产后再恢复生产要报告吗",
    "无菌医疗器械洁净室要求",
    "设计开发变更如何控制",
    "集中带量采购中选产品的质量监管",
    "违反委托生产规定会受到什么处罚",
]


# -- helpers ---------------------------------------------------------------------------


def _sh(cmd: list[str], cwd: Path | None = None) -> str | None:
    try:
        out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def load_average() -> list[float] | None:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except (OSError, ValueError):
        return None


def machine_info(embedder_name: str) -> dict:
    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_total_kb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_total_kb = int(line.split()[1])
                break
    except OSError:
        pass
    commit = _sh(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_DIR)
    dirty = _sh(["git", "status", "--porcelain"], cwd=REPO_DIR)
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": int(_sh(["nproc"]) or os.cpu_count() or 0),
        "mem_total_gib": round(mem_total_kb / 1024 / 1024, 1) if mem_total_kb else None,
        "cpu_model": cpu_model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "git_commit": commit or "none (no commits yet)",
        "git_dirty": bool(dirty) if dirty is not None else None,
        "embedder": embedder_name,
        "threads": Settings().threads,
        "load_average_at_start": load_average(),
    }


def percentiles(samples_ms: list[float]) -> dict:
    s = sorted(samples_ms)

    def pct(p: float) -> float:
        # nearest-rank percentile
        idx = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
        return s[idx]

    return {
        "n": len(s),
        "p50_ms": round(statistics.median(s), 2),
        "p95_ms": round(pct(95), 2),
        "p99_ms": round(pct(99), 2),
        "max_ms": round(s[-1], 2),
        "mean_ms": round(statistics.fmean(s), 2),
    }


def disk_usage(path: Path) -> dict:
    """Bytes on disk (allocated blocks) and apparent bytes, in total and per top-level part."""
    def walk(p: Path) -> tuple[int, int]:
        used = apparent = 0
        for root, _dirs, files in os.walk(p):
            for name in files:
                try:
                    st = os.lstat(os.path.join(root, name))
                except OSError:
                    continue
                used += st.st_blocks * 512
                apparent += st.st_size
        return used, apparent

    used, apparent = walk(path)
    parts = {}
    current = path / "CURRENT"
    if current.exists():
        gen = path / "generations" / current.read_text().strip()
        for child in sorted(gen.iterdir()):
            if child.is_dir():
                parts[child.name] = walk(child)[0]
            else:
                parts[child.name] = child.stat().st_blocks * 512
    return {"bytes": used, "mib": round(used / 2**20, 1), "apparent_mib": round(apparent / 2**20, 1),
            "parts_mib": {k: round(v / 2**20, 2) for k, v in parts.items()}}


def run_cli(args: list[str], env_extra: dict, timeout: float | None = None) -> dict:
    """Run ``python -m qa_app ARGS`` in a fresh interpreter; wall time and peak RSS."""
    env = dict(os.environ)
    env.update(env_extra)
    cmd = [sys.executable, "-m", "qa_app", *args]
    time_file = None
    if TIME_BIN.exists():
        fd, time_file = tempfile.mkstemp(prefix="regkb-time-", suffix=".txt")
        os.close(fd)
        cmd = [str(TIME_BIN), "-v", "-o", time_file, *cmd]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    timed_out = False
    try:
        proc = subprocess.run(cmd, env=env, cwd=REPO_DIR, capture_output=True, text=True, timeout=timeout)
        rc, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as exc:
        timed_out = True
        rc = None
        stdout = (exc.stdout or b"").decode("utf-8", "replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        stderr = (exc.stderr or b"").decode("utf-8", "replace") if isinstance(exc.stderr, bytes) else (exc.stderr or "")
    wall = time.perf_counter() - started
    peak_kb, peak_source, cpu = None, None, None
    if time_file:
        try:
            text = Path(time_file).read_text()
            m = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", text)
            if m:
                peak_kb, peak_source = int(m.group(1)), "/usr/bin/time -v"
            times = re.findall(r"(?:User|System) time \(seconds\):\s*([\d.]+)", text)
            cpu = round(sum(map(float, times)), 2) if len(times) == 2 else None
        finally:
            os.unlink(time_file)
    if peak_kb is None:
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        # ru_maxrss of children is the max over all children so far: only exact if it grew.
        peak_kb, peak_source = after, "RUSAGE_CHILDREN (max over all children so far)" if after == before else "RUSAGE_CHILDREN"
    reported = re.search(r" in (\d+(?:\.\d+)?) s", stdout)
    return {
        "cmd": " ".join(["python", "-m", "qa_app", *args]),
        "returncode": rc,
        "timed_out": timed_out,
        "wall_s": round(wall, 2),
        "cpu_s": cpu,  # user + system, from /usr/bin/time -v
        "reported_s": float(reported.group(1)) if reported else None,
        "peak_rss_mib": round(peak_kb / 1024, 1) if peak_kb else None,
        "peak_rss_source": peak_source,
        "stdout_tail": stdout.strip().splitlines()[-3:],
        "stderr_tail": stderr.strip().splitlines()[-15:],
    }


def search_latency(kb, questions: list[str], n: int = QUERIES, warmup: int = WARMUP) -> dict:
    for q in questions[:warmup]:
        kb.search(q, K)
    samples, empty, per_query = [], 0, []
    for i in range(n):
        q = questions[i % len(questions)]
        t0 = time.perf_counter()
        hits = kb.search(q, K)
        ms = (time.perf_counter() - t0) * 1000
        samples.append(ms)
        per_query.append((ms, i, q))
        empty += not hits
    out = percentiles(samples)
    out["slowest"] = [{"ms": round(ms, 1), "i": i, "query": q} for ms, i, q in sorted(per_query, reverse=True)[:5]]
    out["k"] = K
    out["warmup"] = warmup
    out["distinct_questions"] = len(questions)
    out["queries_with_no_hit"] = empty
    out["breakdown_p50_ms"] = search_breakdown(kb, questions)
    return out


def search_breakdown(kb, questions: list[str]) -> dict:
    """Median time of each stage of a search, one pass over the questions."""
    stages: dict[str, list[float]] = {"bm25": [], "embed_query": [], "chroma_query": []}
    for q in questions:
        t0 = time.perf_counter()
        kb.retriever.keyword(q)
        t1 = time.perf_counter()
        vector = kb.embedder.embed([kb.tokenizer.expand_text(q)])[0]
        t2 = time.perf_counter()
        kb._vectors.query(vector.tolist(), 50)
        t3 = time.perf_counter()
        stages["bm25"].append((t1 - t0) * 1000)
        stages["embed_query"].append((t2 - t1) * 1000)
        stages["chroma_query"].append((t3 - t2) * 1000)
    return {k: round(statistics.median(v), 2) for k, v in stages.items()}


def cold_start(env: dict, runs: int = COLD_RUNS) -> dict:
    """Median wall time of `regkb --help` and of a first `regkb ask` in a new process (what a
    user waits for at a terminal, and the first chat user after a restart), with the CPU time
    and the load average, since on shared cores the wall time depends on what else runs."""
    out = {}
    for name, args in (("help", ["--help"]), ("ask", ["ask", COLD_QUESTION])):
        loads = [load_average()]
        done = [run_cli(args, env) for _ in range(runs)]
        loads.append(load_average())
        walls, cpus = [d["wall_s"] for d in done], [d["cpu_s"] for d in done]
        out[name] = {"median_s": round(statistics.median(walls), 2), "runs_s": walls,
                     "cpu_median_s": round(statistics.median(cpus), 2) if None not in cpus else None, "cpu_runs_s": cpus,
                     "load_average_before_after": loads}
    return out


def open_kb(settings: Settings, embedder, tokenizer):
    from qa_app.kb import KnowledgeBase

    t0 = time.perf_counter()
    kb = KnowledgeBase.open(settings, embedder=embedder, tokenizer=tokenizer)
    return kb, round(time.perf_counter() - t0, 3)


# -- scale corpus preparation ------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def _title(text: str, fallback: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    m = re.search(r"<!--\s*actual_title:\s*(.*?)\s*-->", text)
    if m:
        return m.group(1)
    for line in text.splitlines():
        line = line.strip().strip("#* \t")
        if line and not line.startswith("<!--"):
            return line[:80]
    return fallback


def prepare_scale_corpus(src: Path, dest: Path) -> dict:
    """Copy each markdown file to ``dest/scale-NNNN.md`` with a slug id the ingest accepts."""
    import yaml

    dest.mkdir(parents=True)
    files = sorted(src.rglob("*.md"))
    mapping, stats = {}, {"files": len(files), "had_front_matter": 0, "id_rewritten": 0,
                          "stem_rejected_by_ingest": 0, "stem_has_uppercase": 0, "bytes": 0}
    for n, path in enumerate(files, start=1):
        slug = f"scale-{n:04d}"
        text = path.read_text(encoding="utf-8", errors="strict")
        stats["bytes"] += len(text.encode("utf-8"))
        # The ingest falls back to the lower-cased stem, so only a stem that is not a slug
        # even then would be rejected; upper case alone is accepted.
        stats["stem_rejected_by_ingest"] += not _SLUG.match(path.stem.lower())
        stats["stem_has_uppercase"] += path.stem != path.stem.lower()
        m = _FRONT_MATTER.match(text)
        if m:
            stats["had_front_matter"] += 1
            meta = yaml.safe_load(m.group(1)) or {}
            if isinstance(meta, dict) and "id" in meta and not _SLUG.match(str(meta["id"])):
                block = re.sub(r"(?m)^id:.*$", f"id: {slug}", m.group(1), count=1)
                text = "---\n" + block + "\n---\n" + text[m.end():]
                stats["id_rewritten"] += 1
        else:
            meta = {"id": slug, "title": _title(text, path.stem), "status": "reference"}
            text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + text
        (dest / f"{slug}.md").write_text(text, encoding="utf-8")
        mapping[slug] = str(path.relative_to(src))
    stats["mib"] = round(stats["bytes"] / 2**20, 1)
    return {"stats": stats, "mapping": mapping}


def diagnose_corpus(corpus: Path, mapping: dict) -> list[dict]:
    """After a failed ingest: parse every file in-process to find the ones that break."""
    from ingest.corpus import load_document
    from ingest.duties import DutyAnnotator
    from ingest.structure import segment

    annotator = DutyAnnotator()
    failures = []
    for path in sorted(corpus.glob("*.md")):
        t0 = time.perf_counter()
        try:
            doc = load_document(path)
            addressee = annotator.addressed_to(doc.meta)
            [annotator.annotate(c, addressee) for c in segment(doc)]
        except Exception as exc:  # a finding, not a crash of the benchmark
            failures.append({"file": path.name, "original": mapping.get(path.stem, path.name),
                             "error": f"{type(exc).__name__}: {exc}"[:500],
                             "traceback_tail": traceback.format_exc().strip().splitlines()[-6:]})
        slow = time.perf_counter() - t0
        if slow > 30:
            failures.append({"file": path.name, "original": mapping.get(path.stem, path.name),
                             "error": f"slow: parsing took {slow:.0f} s"})
    return failures


def slowest_documents(corpus: Path, mapping: dict, top: int = 5) -> list[dict]:
    """Parse+segment time per document, the slowest few (to explain a slow ingest)."""
    from ingest.corpus import load_document
    from ingest.duties import DutyAnnotator
    from ingest.structure import segment

    annotator = DutyAnnotator()
    timings = []
    for path in sorted(corpus.glob("*.md")):
        t0 = time.perf_counter()
        try:
            doc = load_document(path)
            addressee = annotator.addressed_to(doc.meta)
            n = len([annotator.annotate(c, addressee) for c in segment(doc)])
        except Exception:
            continue
        timings.append((time.perf_counter() - t0, path, n))
    timings.sort(reverse=True)
    return [{"file": p.name, "original": mapping.get(p.stem, p.name), "kib": round(p.stat().st_size / 1024),
             "clauses": n, "parse_s": round(t, 2)} for t, p, n in timings[:top]] + [
        {"total_parse_s": round(sum(t for t, _, _ in timings), 1)}]


# -- the benchmark -----------------------------------------------------------------------


def bench_shipped(results: dict, embedder, tokenizer, env_base: dict, work: Path) -> None:
    from ingest.index import Ingestor

    print("== shipped corpus", flush=True)
    home = work / "home-shipped"
    env = {**env_base, "REGKB_HOME": str(home), "REGKB_CORPUS": str(SHIPPED_CORPUS)}

    cold = run_cli(["ingest"], env)
    print(f"  cold ingest (subprocess): {cold['wall_s']} s wall, rc={cold['returncode']}", flush=True)
    warm = run_cli(["ingest"], env)
    print(f"  re-ingest (subprocess):   {warm['wall_s']} s wall, rc={warm['returncode']}", flush=True)
    warm["up_to_date"] = any("up to date" in line for line in warm["stdout_tail"])

    # In-process: the model is already loaded, so this is the ingest work alone.
    home_ip = work / "home-shipped-inprocess"
    settings_ip = Settings(home=home_ip, corpus=SHIPPED_CORPUS, embed_model=env_base["REGKB_EMBED_MODEL"],
                           threads=int(env_base["REGKB_THREADS"]))
    r1 = Ingestor(settings_ip, embedder, tokenizer).run()
    r2 = Ingestor(settings_ip, embedder, tokenizer).run()
    print(f"  in-process: cold {r1.seconds:.2f} s ({r1.clauses} clauses, {r1.embedded} embedded), "
          f"re-ingest {r2.seconds:.2f} s (up to date: {r2.up_to_date})", flush=True)

    results["shipped"] = {
        "corpus": str(SHIPPED_CORPUS),
        "documents": len(r1.added) + len(r1.changed) + len(r1.unchanged),
        "cold_ingest": {"subprocess": cold, "in_process_s": round(r1.seconds, 3),
                        "clauses": r1.clauses, "embedded": r1.embedded},
        "reingest": {"subprocess": warm, "in_process_s": round(r2.seconds, 3), "up_to_date": r2.up_to_date,
                     "embedded": r2.embedded},
        "index_disk": disk_usage(home),
    }
    if cold["returncode"] != 0:
        results["findings"].append(f"shipped-corpus cold ingest exited {cold['returncode']}: "
                                   + " | ".join(cold["stderr_tail"][-3:]))
        return

    settings = Settings(home=home, corpus=SHIPPED_CORPUS, embed_model=env_base["REGKB_EMBED_MODEL"],
                        threads=int(env_base["REGKB_THREADS"]))
    kb, open_s = open_kb(settings, embedder, tokenizer)
    t0 = time.perf_counter()
    kb.search(QUESTIONS[-1], K)  # first query on a freshly opened KB (jieba/chroma lazy paths)
    first_ms = (time.perf_counter() - t0) * 1000
    lat = search_latency(kb, QUESTIONS)
    lat["kb_open_s"] = open_s
    lat["first_query_ms"] = round(first_ms, 1)
    results["shipped"]["search"] = lat
    cold_s = cold_start(env)
    results["shipped"]["cold_start"] = cold_s
    print(f"  cold start: --help {cold_s['help']['median_s']} s, ask {cold_s['ask']['median_s']} s (median of "
          f"{COLD_RUNS})", flush=True)
    print(f"  search: p50 {lat['p50_ms']} ms, p95 {lat['p95_ms']} ms, p99 {lat['p99_ms']} ms, "
          f"max {lat['max_ms']} ms; stages {lat['breakdown_p50_ms']}", flush=True)


def bench_scale(results: dict, embedder, tokenizer, env_base: dict, work: Path) -> None:
    print("== scale corpus", flush=True)
    out: dict = {"tarball": str(SCALE_TARBALL)}
    results["scale"] = out
    if not SCALE_TARBALL.exists():
        out["error"] = f"{SCALE_TARBALL} not found"
        results["findings"].append(out["error"])
        return
    raw = work / "scale-raw"
    raw.mkdir()
    with tarfile.open(SCALE_TARBALL) as tar:
        tar.extractall(raw, filter="data")
    corpus = work / "scale-corpus"
    prepared = prepare_scale_corpus(raw, corpus)
    out["prepared"] = prepared["stats"]
    out["documents"] = prepared["stats"]["files"]
    print(f"  prepared {prepared['stats']}", flush=True)

    home = work / "home-scale"
    env = {**env_base, "REGKB_HOME": str(home), "REGKB_CORPUS": str(corpus)}
    ingest = run_cli(["ingest"], env, timeout=SCALE_INGEST_TIMEOUT)
    out["ingest"] = ingest
    print(f"  ingest (subprocess): {ingest['wall_s']} s wall, rc={ingest['returncode']}, "
          f"peak RSS {ingest['peak_rss_mib']} MiB", flush=True)
    if ingest["returncode"] != 0:
        failures = diagnose_corpus(corpus, prepared["mapping"])
        out["failed_files"] = failures
        results["findings"].append(
            f"scale ingest {'timed out' if ingest['timed_out'] else 'exited ' + str(ingest['returncode'])}: "
            + " | ".join(ingest["stderr_tail"][-3:])
            + (f"; files that fail to parse: {[f['original'] + ': ' + f['error'] for f in failures]}"
               if failures else "; no single file fails to parse in-process"))
        return

    out["index_disk"] = disk_usage(home)
    manifest = json.loads((home / "generations" / (home / "CURRENT").read_text().strip() / "manifest.json")
                          .read_text(encoding="utf-8"))
    out["clauses"] = manifest["clauses"]
    out["indexed"] = manifest["indexed"]
    empty_docs = [d for d, v in manifest["documents"].items() if not v["clauses"]]
    out["documents_without_clauses"] = len(empty_docs)

    again = run_cli(["ingest"], env)
    again["up_to_date"] = any("up to date" in line for line in again["stdout_tail"])
    out["reingest"] = again
    print(f"  re-ingest (subprocess): {again['wall_s']} s wall", flush=True)

    settings = Settings(home=home, corpus=corpus, embed_model=env_base["REGKB_EMBED_MODEL"],
                        threads=int(env_base["REGKB_THREADS"]))
    kb, open_s = open_kb(settings, embedder, tokenizer)
    lat = search_latency(kb, QUESTIONS)
    lat["kb_open_s"] = open_s
    out["search"] = lat
    print(f"  search: p50 {lat['p50_ms']} ms, p95 {lat['p95_ms']} ms, p99 {lat['p99_ms']} ms, "
          f"max {lat['max_ms']} ms; stages {lat['breakdown_p50_ms']}", flush=True)
    del kb
    print("  timing parse/segment per document ...", flush=True)
    out["slowest_documents_to_parse"] = slowest_documents(corpus, prepared["mapping"])
    out["ingest_time_split_estimate"] = split_estimate(home, embedder, out)
    print(f"  where the ingest time goes (estimate): {out['ingest_time_split_estimate']}", flush=True)


def split_estimate(home: Path, embedder, out: dict, sample: int = 1024) -> dict:
    """Embedding time for a sample of the clause texts, extrapolated to the whole index,
    so the ingest wall time can be split into parse / embed / the rest (write, imports)."""
    from ingest.index import EMBED_BATCH, load_clauses, searchable

    gen = home / "generations" / (home / "CURRENT").read_text().strip()
    texts = [c.context_text for c in load_clauses(gen) if searchable(c)]
    step = max(1, len(texts) // sample)
    picked = texts[::step][:sample]
    t0 = time.perf_counter()
    for i in range(0, len(picked), EMBED_BATCH):
        embedder.embed(picked[i:i + EMBED_BATCH])
    per_text = (time.perf_counter() - t0) / len(picked)
    embed_s = per_text * len(texts)
    parse_s = out["slowest_documents_to_parse"][-1]["total_parse_s"]
    total = out["ingest"]["reported_s"] or out["ingest"]["wall_s"]
    return {"sampled_texts": len(picked), "mean_chars": round(statistics.fmean(len(t) for t in texts)),
            "embed_ms_per_text": round(per_text * 1000, 2), "embed_s": round(embed_s, 1),
            "parse_s": parse_s, "write_and_other_s": round(total - embed_s - parse_s, 1)}


def evaluate(results: dict) -> list[dict]:
    """Rows of (metric, value, target, pass) for the table."""
    rows = []

    def row(metric, value, unit, target=None, lower_is_better=True):
        ok = None if target is None or value is None else (value <= target if lower_is_better else value >= target)
        rows.append({"metric": metric, "value": value, "unit": unit, "target": target, "pass": ok})

    s = results.get("shipped", {})
    if s:
        row("Cold ingest, shipped corpus (subprocess wall)", s["cold_ingest"]["subprocess"]["wall_s"], "s",
            TARGETS["cold_ingest_wall_s"])
        row("Cold ingest, shipped corpus (in-process IngestReport.seconds)", s["cold_ingest"]["in_process_s"], "s",
            TARGETS["cold_ingest_wall_s"])
        row("Cold ingest peak RSS", s["cold_ingest"]["subprocess"]["peak_rss_mib"], "MiB")
        row("Clauses (shipped corpus)", s["cold_ingest"]["clauses"], "")
        row("Re-ingest, nothing changed (subprocess wall)", s["reingest"]["subprocess"]["wall_s"], "s",
            TARGETS["reingest_wall_s"])
        row("Re-ingest, nothing changed (in-process)", s["reingest"]["in_process_s"], "s", TARGETS["reingest_wall_s"])
        row("Index size on disk (shipped)", s["index_disk"]["mib"], "MiB")
        if "search" in s:
            q = s["search"]
            row(f"Search p50 (k={K}, {q['n']} queries, warm)", q["p50_ms"], "ms", TARGETS["search_p50_ms"])
            row("Search p95", q["p95_ms"], "ms", TARGETS["search_p95_ms"])
            row("Search p99", q["p99_ms"], "ms")
            row("Search max", q["max_ms"], "ms")
        if "cold_start" in s:
            row(f"Cold `regkb --help` (median of {COLD_RUNS}, wall)", s["cold_start"]["help"]["median_s"], "s",
                TARGETS["cold_help_wall_s"])
            row(f"Cold `regkb ask` (median of {COLD_RUNS}, wall)", s["cold_start"]["ask"]["median_s"], "s",
                TARGETS["cold_ask_wall_s"])
            row("Cold `regkb ask` (median CPU, user + system)", s["cold_start"]["ask"].get("cpu_median_s"), "s")
    c = results.get("scale", {})
    if c.get("ingest"):
        ok = c["ingest"]["returncode"] == 0
        row(f"Scale: cold ingest, {c.get('documents')} docs (subprocess wall)"
            + ("" if ok else " — FAILED"), c["ingest"]["wall_s"] if ok else None, "s", TARGETS["scale_ingest_wall_s"])
        row("Scale: ingest peak RSS", c["ingest"]["peak_rss_mib"], "MiB")
        if ok:
            row("Scale: clauses", c["clauses"], "")
            row("Scale: index size on disk", c["index_disk"]["mib"], "MiB")
            row("Scale: re-ingest, nothing changed (subprocess wall)", c["reingest"]["wall_s"], "s")
        if "search" in c:
            row("Scale: search p50", c["search"]["p50_ms"], "ms")
            row("Scale: search p95", c["search"]["p95_ms"], "ms", TARGETS["scale_search_p95_ms"])
            row("Scale: search p99", c["search"]["p99_ms"], "ms")
            row("Scale: search max", c["search"]["max_ms"], "ms")
    return rows


def _fmt(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.2f}" if v < 100 else f"{v:,.1f}"
    return f"{v:,}"


# The sections write_markdown writes; any other "## " section of BENCHMARKS.md was written by
# hand (what one issue changed, what dominates) and is kept when the file is written again.
_GENERATED_SECTIONS = ("## How it is measured", "## Reproduce")


def _hand_written(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    sections = re.split(r"(?m)^(?=## )", text)[1:]
    return [section.rstrip("\n") for section in sections if not section.startswith(_GENERATED_SECTIONS)]


def write_markdown(path: Path, results: dict, json_name: str, out_dir: Path) -> None:
    m = results["machine"]
    lines = [
        "# regkb benchmarks",
        "",
        f"Generated by `python -m evals.bench{' --scale' if results['args']['scale'] else ''}` "
        f"on {m['date']}; all numbers in [`{json_name}`]({json_name}).",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu_model'] or 'unknown CPU'}), {m['mem_total_gib']} GiB RAM, "
        f"Python {m['python']}, {m['platform']}; commit {m['git_commit']}"
        f"{' (uncommitted changes)' if m.get('git_dirty') else ''}; embedder `{m['embedder']}`, "
        f"REGKB_THREADS={m['threads']}; load average (1/5/15 min) {m.get('load_average_at_start')} at start, "
        f"{m.get('load_average_at_end')} at end (above ~0.5 means other work shared the 2 cores).",
        "",
        "| metric | value | target | result |",
        "| --- | ---: | ---: | --- |",
    ]
    for r in results["rows"]:
        unit = f" {r['unit']}" if r["unit"] else ""
        target = f"≤ {_fmt(r['target'])}{unit}" if r["target"] is not None else ""
        verdict = {True: "pass", False: "**FAIL**", None: ""}[r["pass"]]
        lines.append(f"| {r['metric']} | {_fmt(r['value'])}{unit if r['value'] is not None else ''} | {target} | {verdict} |")

    if not results["args"]["scale"]:
        previous = sorted(out_dir.glob("bench-*-scale.json"))
        if previous:
            prev = json.loads(previous[-1].read_text(encoding="utf-8"))
            scale_rows = [r for r in prev.get("rows", []) if r["metric"].startswith("Scale")]
            if scale_rows:
                lines += ["", f"Scale corpus (from the last `--scale` run, [`{previous[-1].name}`]"
                              f"({previous[-1].name}), {prev['machine']['date']}):", "",
                          "| metric | value | target | result |", "| --- | ---: | ---: | --- |"]
                for r in scale_rows:
                    unit = f" {r['unit']}" if r["unit"] else ""
                    target = f"≤ {_fmt(r['target'])}{unit}" if r["target"] is not None else ""
                    verdict = {True: "pass", False: "**FAIL**", None: ""}[r["pass"]]
                    lines.append(f"| {r['metric']} | {_fmt(r['value'])}{unit if r['value'] is not None else ''} "
                                 f"| {target} | {verdict} |")

    split = results.get("scale", {}).get("ingest_time_split_estimate")
    if split:
        lines += ["", f"Where the scale ingest time goes (estimate): embedding {split['embed_s']} s "
                      f"({split['embed_ms_per_text']} ms per clause, {split['mean_chars']} chars on average), "
                      f"parsing {split['parse_s']} s, writing chroma/BM25 and start-up {split['write_and_other_s']} s."]
    if results["findings"]:
        lines += ["", "Findings:", ""] + [f"- {f}" for f in results["findings"]]
    for note in _hand_written(path):
        lines += ["", note]
    lines += [
        "",
        "## How it is measured",
        "",
        "- Ingests run as `python -m qa_app ingest` in a subprocess against a fresh temporary `REGKB_HOME`, "
        "so the wall time includes interpreter start-up, imports and loading the embedding model, as for a "
        "user's first `regkb ingest`. Peak RSS comes from `/usr/bin/time -v`. The in-process rows are "
        "`IngestReport.seconds` from a second ingest in the benchmark process (model already loaded).",
        "- Re-ingest runs the same command again with nothing changed.",
        f"- Search: `KnowledgeBase.search(q, k={K})` in-process, after {WARMUP} warm-up queries, "
        f"{QUERIES} timed queries cycling {len(QUESTIONS)} fixed colloquial Chinese questions "
        "(see `QUESTIONS` in `evals/bench.py`). The JSON also has a per-stage median breakdown "
        "(BM25, query embedding, chroma).",
        f"- Cold start: `python -m qa_app --help` and `python -m qa_app ask {COLD_QUESTION}` in a new "
        f"interpreter, {COLD_RUNS} runs each, median wall time (interpreter start-up, imports, model and index "
        "loading, one answer) and median CPU time (user + system, `/usr/bin/time -v`); the JSON has the load "
        "average before and after the runs.",
        "- Scale: the 597 NMPA guidance documents in `shared/scale-corpus/nmpa-guidance-zh.tar.gz` "
        "(no front matter, so each is copied to `scale-NNNN.md` with a minimal `id`/`title`/`status: reference` "
        "header), ingested into their own temporary `REGKB_HOME`.",
        "- These are benchmarks, not tests: a missed target is reported, never raised.",
        "",
        "## Reproduce",
        "",
        "```",
        ". .venv/bin/activate",
        "python -m evals.bench            # shipped corpus, ~1–2 min",
        "python -m evals.bench --scale    # plus the scale corpus, several minutes",
        "```",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", action="store_true", help="also benchmark the 597-document scale corpus")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="results folder (default: evals/results)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary indexes (prints where)")
    args = parser.parse_args(argv)
    out_dir = Path(args.out).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)

    from ingest.embed import make_embedder
    from ingest.tokenize import Tokenizer

    base = Settings()
    env_base = {"REGKB_EMBED_MODEL": base.embed_model, "REGKB_THREADS": str(base.threads)}
    t0 = time.perf_counter()
    embedder = make_embedder(base.embed_model, base.threads)
    tokenizer = Tokenizer()
    load_s = time.perf_counter() - t0

    results: dict = {
        "machine": machine_info(embedder.name),
        "args": {"scale": args.scale},
        "targets": TARGETS,
        "in_process_model_and_tokenizer_load_s": round(load_s, 2),
        "findings": [],
    }
    print(f"machine: {results['machine']}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="regkb-bench-"))
    try:
        bench_shipped(results, embedder, tokenizer, env_base, work)
        if args.scale:
            bench_scale(results, embedder, tokenizer, env_base, work)
    finally:
        if args.keep:
            print(f"temporary indexes kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    results["machine"]["load_average_at_end"] = load_average()
    results["rows"] = evaluate(results)
    for r in results["rows"]:
        if r["pass"] is False:
            results["findings"].append(f"target missed: {r['metric']} = {r['value']} {r['unit']} "
                                       f"(target ≤ {r['target']} {r['unit']})")
    date = dt.date.today().isoformat()
    json_path = out_dir / f"bench-{date}{'-scale' if args.scale else ''}.json"
    json_path.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_markdown(out_dir / "BENCHMARKS.md", results, json_path.name, out_dir)

    print()
    for r in results["rows"]:
        verdict = {True: "pass", False: "FAIL", None: ""}[r["pass"]]
        target = f"<= {r['target']}" if r["target"] is not None else ""
        print(f"{r['metric']:65} {_fmt(r['value']):>10} {r['unit']:4} {target:>10} {verdict}")
    for f in results["findings"]:
        print(f"finding: {f}")
    print(f"\nwrote {json_path} and {out_dir / 'BENCHMARKS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
