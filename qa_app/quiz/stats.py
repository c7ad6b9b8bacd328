"""Item statistics from quizzes taken on the page: how many got each item right, which wrong
option they chose, and whether the item tells stronger learners from weaker ones - so a
trainer can drop items that do not discriminate.

Every marked answer is one row in ``REGKB_HOME/quiz_stats.sqlite`` (SQLite: safe with several
browser sessions writing at once). Nothing leaves the machine.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from collections import Counter, defaultdict
from contextlib import closing
from pathlib import Path

from ingest.errors import InputError
from qa_app.quiz.items import LETTERS, TYPE_LABELS, QuizItem

FILE_NAME = "quiz_stats.sqlite"
# Below this many quiz sessions the upper and lower groups are too small to compare.
MIN_SESSIONS = 4
COLUMNS = ("id", "type", "stem", "answer", "attempts", "correct", "share_correct", "choices",
           "discrimination", "advice")
HEADERS = {"id": "题目编号", "type": "题型", "stem": "题干", "answer": "正确答案", "attempts": "作答人次",
           "correct": "答对人次", "share_correct": "正确率", "choices": "各选项被选次数",
           "discrimination": "区分度", "advice": "建议"}
_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    session TEXT NOT NULL, item_id TEXT NOT NULL, type TEXT NOT NULL, stem TEXT NOT NULL,
    answer TEXT NOT NULL, chosen TEXT NOT NULL, correct INTEGER NOT NULL, time TEXT NOT NULL,
    PRIMARY KEY (session, item_id)
)
"""


def _connect(home: Path) -> sqlite3.Connection:
    home.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(home / FILE_NAME, timeout=10)
    db.execute(_SCHEMA)
    return db


def chosen_text(item: QuizItem, response) -> str:
    """What the learner chose, as the statistics show it: option letters for choice items
    (B; A,C), 正确/错误, or the typed words."""
    if item.options and item.type != "truefalse":
        picked = response if isinstance(response, (list, tuple, set)) else [response]
        return ",".join(sorted(LETTERS[item.options.index(p)] for p in picked if p in item.options))
    return str(response or "").strip()


def key_text(item: QuizItem) -> str:
    if item.options and item.type != "truefalse":
        return item.answer_letters
    return str(item.answer)


def record_response(home: Path, session: str, item: QuizItem, response, correct: bool) -> None:
    """One marked answer of one quiz session (answering again in the session replaces it)."""
    with closing(_connect(home)) as db, db:
        db.execute("INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (session, item.id, item.type, item.stem, key_text(item), chosen_text(item, response),
                    int(bool(correct)), time.strftime("%Y-%m-%dT%H:%M:%S%z")))


def item_statistics(home: Path) -> list[dict]:
    """One row per item answered at least once, in the order items were first answered."""
    path = home / FILE_NAME
    if not path.exists():
        return []
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT session, item_id, type, stem, answer, chosen, correct FROM responses "
                          "ORDER BY time, rowid").fetchall()
    totals: dict[str, list[int]] = defaultdict(list)
    for session, *_, correct in rows:
        totals[session].append(correct)
    score = {s: sum(v) / len(v) for s, v in totals.items()}
    ranked = sorted(score, key=score.get)
    size = max(1, round(len(ranked) * 0.27))
    lower, upper = set(ranked[:size]), set(ranked[-size:])
    items: dict[str, dict] = {}
    for session, item_id, kind, stem, answer, chosen, correct in rows:
        row = items.setdefault(item_id, {"id": item_id, "type": kind, "stem": stem, "answer": answer,
                                         "attempts": 0, "correct": 0, "_choices": Counter(),
                                         "_upper": [], "_lower": []})
        row["attempts"] += 1
        row["correct"] += correct
        row["_choices"][chosen or "（未答）"] += 1
        if session in upper:
            row["_upper"].append(correct)
        if session in lower:
            row["_lower"].append(correct)
    out = []
    for row in items.values():
        share = row["correct"] / row["attempts"]
        enough = len(score) >= MIN_SESSIONS and row["_upper"] and row["_lower"]
        index = (sum(row["_upper"]) / len(row["_upper"]) - sum(row["_lower"]) / len(row["_lower"])) \
            if enough else None
        out.append({
            "id": row["id"], "type": TYPE_LABELS.get(row["type"], row["type"]), "stem": row["stem"],
            "answer": row["answer"],
            "attempts": row["attempts"], "correct": row["correct"], "share_correct": round(share, 3),
            "choices": json.dumps(dict(row["_choices"].most_common()), ensure_ascii=False),
            "discrimination": "" if index is None else round(index, 2),
            "advice": _advice(share, index, row["attempts"]),
        })
    return out


def _advice(share: float, index: float | None, attempts: int) -> str:
    if attempts < 5:
        return "作答人次不足，暂不评价"
    if share >= 0.95:
        return "几乎人人答对，区分不出掌握程度，可考虑删除或加大难度"
    if share <= 0.2:
        return "很少有人答对，请检查题目和答案是否有误"
    if index is not None and index < 0.2:
        return "区分度低，可考虑删除或修改干扰项"
    return ""


def stats_csv(rows: list[dict]) -> str:
    """UTF-8 with a byte-order mark, so that Excel shows the Chinese text; Chinese headers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([HEADERS[c] for c in COLUMNS])
    writer.writerows([[row[c] for c in COLUMNS] for row in rows])
    return "\ufeff" + buffer.getvalue()


def stats_xlsx(rows: list[dict]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "题目统计"
    sheet.append([HEADERS[c] for c in COLUMNS])
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["C"].width = 60
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render_stats(rows: list[dict], fmt: str) -> bytes:
    if fmt == "csv":
        return stats_csv(rows).encode("utf-8")
    if fmt == "xlsx":
        return stats_xlsx(rows)
    raise InputError(f"题目统计只能导出为 csv 或 xlsx，不支持 {fmt!r}。")
