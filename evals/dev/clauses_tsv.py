"""Writes every clause of the index as a TSV (clause_id, doc_id, citation label, text) for blind-set writers
and graders, who see the corpus but not the code:

    REGKB_HOME=... python -m evals.dev.clauses_tsv /tmp/clauses.tsv
"""

from __future__ import annotations

import csv
import sys

from ingest.settings import Settings, quiet_telemetry

quiet_telemetry()

from qa_app.kb import KnowledgeBase  # noqa: E402


def main(path: str) -> None:
    kb = KnowledgeBase.open(Settings())
    with open(path, "w", encoding="utf-8", newline="") as out:
        rows = csv.writer(out, delimiter="\t")
        rows.writerow(["clause_id", "doc_id", "citation", "text"])
        for clause in kb.clauses.values():
            rows.writerow([clause.id, clause.doc_id, clause.label, clause.text])
    print(f"{len(kb.clauses)} clauses -> {path}")


if __name__ == "__main__":
    main(sys.argv[1])
