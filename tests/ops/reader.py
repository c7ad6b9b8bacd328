"""A reader process for tests/ops/test_concurrent_readers.py: answers questions in a loop,
the way an app process serves requests, and logs one JSON line per request.

    python -m tests.ops.reader HOME CORPUS LOG STOP_FILE

Before each request it checks whether CURRENT moved and, if so, opens the new generation
(as qa_app/ui/app.py does on every rerun). Every exception is logged, never raised.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

from ingest.settings import Settings, quiet_telemetry

quiet_telemetry()

CLAUSE = "demo-rule:art3"
PAUSE = 0.05


def main(home: str, corpus: str, log_path: str, stop_path: str) -> None:
    from ingest.tokenize import Tokenizer
    from qa_app.answer import Answerer
    from qa_app.kb import KnowledgeBase
    from tests.conftest import HashEmbedder

    settings = Settings(home=Path(home), corpus=Path(corpus), embed_model="", threads=1)
    embedder, tokenizer = HashEmbedder(), Tokenizer()
    kb = answerer = None
    with open(log_path, "a", encoding="utf-8") as log:
        while not Path(stop_path).exists():
            started = time.monotonic()
            try:
                if kb is None or not kb.is_current():
                    kb = KnowledgeBase.open(settings, embedder=embedder, tokenizer=tokenizer)
                    answerer = Answerer(kb)
                # A request of a few steps with pauses, like a page run that also renders:
                # the index may be replaced while it is under way.
                hits = kb.search("受托生产企业保存生产记录", 5)
                time.sleep(PAUSE)
                answer = answerer.ask("受托生产企业应当保存什么？")
                time.sleep(PAUSE)
                kb.search("谁负责上市放行", 5, in_force_only=True)
                text = next(h.clause.text for h in hits if h.clause.id == CLAUSE)
                record = {"ok": True, "generation": kb.generation.name, "text": text,
                          "cited": [c.clause_id for c in answer.citations]}
            except Exception as exc:  # the test counts these; the loop goes on like a server would
                record = {"ok": False, "error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()}
            record["ms"] = round((time.monotonic() - started) * 1000, 1)
            log.write(json.dumps(record, ensure_ascii=False) + "\n")
            log.flush()


if __name__ == "__main__":
    main(*sys.argv[1:5])
