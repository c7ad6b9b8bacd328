"""Thumbs up/down on answers, kept on this machine for later review (REGKB_HOME/feedback.jsonl).

Only what the user rated is written: the question, the answer text, the cited clause ids
and the rating. Nothing leaves the machine.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from qa_app.answer import Answer

FILE_NAME = "feedback.jsonl"


def record_feedback(home: Path, answer: Answer, rating: int, comment: str = "") -> Path:
    """Append one rating (1 = helpful, 0 = not helpful); returns the file written."""
    if rating not in (0, 1):
        raise ValueError("rating must be 0 or 1")
    home.mkdir(parents=True, exist_ok=True)
    path = home / FILE_NAME
    entry = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "question": answer.question,
        "answer": answer.answer,
        "citations": [c.clause_id for c in answer.citations],
        "abstained": answer.abstained,
        "rating": rating,
        "comment": comment,
    }
    # One write call per line, so concurrent app sessions do not interleave lines.
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return path


def read_feedback(home: Path) -> list[dict]:
    path = home / FILE_NAME
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
