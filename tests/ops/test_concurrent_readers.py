"""Several reader processes answer questions from one REGKB_HOME while ingests replace the
index under them: no reader ever fails, each sees one whole generation at a time (never
a mix), never goes back to an older one, and all of them reach the newest text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import replace

from ingest.index import Ingestor
from qa_app.kb import KnowledgeBase
from tests.conftest import REPO

READERS = 3
CHANGES = ("一年", "两年", "三年", "五年", "八年", "十年")
TIMEOUT = 120


def read_log(path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.endswith("}")]


def wait_for(condition, what: str, procs, logs) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if any(not r["ok"] for log in logs for r in read_log(log)):
            return  # no use waiting: the failed request is reported below, with its traceback
        assert all(p.poll() is None for p in procs), f"a reader exited while waiting for {what}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_readers_keep_answering_while_the_index_is_replaced(small_settings, hash_embedder, tokenizer, tmp_path):
    # No grace period: the most aggressive pruning, only the current and the replaced generation stay.
    settings = replace(small_settings, prune_grace=0)
    expected = {}

    def record_current():
        kb = KnowledgeBase.open(settings, embedder=hash_embedder, tokenizer=tokenizer)
        expected[kb.generation.name] = kb.clause("demo-rule:art3").text
        return kb.generation.name

    Ingestor(settings, hash_embedder, tokenizer).run()
    made = [record_current()]

    logs = [tmp_path / f"reader-{i}.jsonl" for i in range(READERS)]
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    stderr = [open(log.with_suffix(".err"), "wb") for log in logs]
    procs = [subprocess.Popen([sys.executable, "-m", "tests.ops.reader", str(settings.home), str(settings.corpus),
                               str(log), str(stop)], cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=err)
             for log, err in zip(logs, stderr)]
    try:
        wait_for(lambda: all(read_log(log) for log in logs), "the readers to start", procs, logs)
        path = settings.corpus / "demo-rule.md"
        for change in CHANGES:
            source = path.read_text(encoding="utf-8")
            path.write_text(source.replace("并保存生产记录", f"并保存生产记录{change}", 1), encoding="utf-8")
            assert "demo-rule" in Ingestor(settings, hash_embedder, tokenizer).run().changed
            made.append(record_current())
            # Let every reader finish a request or two on this generation.
            counts = [len(read_log(log)) for log in logs]
            wait_for(lambda: all(len(read_log(log)) >= n + 2 for log, n in zip(logs, counts)), "requests",
                     procs, logs)
        newest = made[-1]
        wait_for(lambda: all(read_log(log)[-1].get("generation") == newest for log in logs),
                 "every reader to reach the newest index", procs, logs)
    finally:
        stop.touch()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for err in stderr:
            err.close()

    for log, proc in zip(logs, procs):
        records = read_log(log)
        errors = [r for r in records if not r["ok"]]
        assert not errors, f"{len(errors)} of {len(records)} requests failed:\n{errors[0]['trace']}"
        seen = [made.index(r["generation"]) for r in records]
        assert seen == sorted(seen), "a reader went back to an older index"
        assert all(r["text"] == expected[r["generation"]] for r in records), "a reader saw a mixed index"
        assert f"并保存生产记录{CHANGES[-1]}" in records[-1]["text"]  # the newest text reached every reader
        assert proc.returncode == 0, log.with_suffix(".err").read_text(errors="replace")
    assert {p.name for p in (settings.home / "generations").iterdir()} == set(made[-2:])  # pruning did happen
