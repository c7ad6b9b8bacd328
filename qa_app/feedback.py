"""Ratings of answers (👍 / 👎 with an optional reason), kept on this machine for review
(REGKB_HOME/feedback.jsonl), and read back as a summary or an export for the reviewers.

Every click is one appended row: a rating changed from 👍 to 👎, a reason added, a rating
withdrawn. A turn is named by its conversation id and its number in that conversation, so
clearing the chat never mixes two conversations, and the rating of a turn is its last row
("last one wins"). Only what the user rated is written; nothing leaves the machine.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from collections import Counter
from pathlib import Path

from ingest.errors import InputError, StorageError, os_reason
from qa_app.answer import Answer

FILE_NAME = "feedback.jsonl"
UP, DOWN = 1, 0
RATING_LABELS = {UP: "👍 有帮助", DOWN: "👎 没帮助"}
# Column headers of the CSV export, in order, and the row field each one shows.
CSV_COLUMNS = {"时间": "time", "会话": "conversation", "轮次": "turn", "问题": "question", "回答": "answer",
               "引用条款编号": "clause_ids", "引用出处": "refs", "评价": "rating", "原因": "comment"}
EXPORT_FORMATS = (".csv", ".jsonl")


def record_feedback(home: Path, answer: Answer, rating: int | None, comment: str = "", *,
                    conversation: str, turn: int) -> Path:
    """Append one row: turn ``turn`` of ``conversation`` rated ``rating`` (1 = 👍, 0 = 👎,
    None = the rating was withdrawn), with the user's reason; returns the file written."""
    if rating not in (UP, DOWN, None):
        raise ValueError("rating must be 1, 0 or None")
    path = home / FILE_NAME
    entry = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "conversation": conversation,
        "turn": turn,
        "question": answer.question,
        "answer": answer.answer,
        "citations": [{"clause_id": c.clause_id, "ref": c.ref} for c in answer.citations],
        "abstained": answer.abstained,
        "rating": rating,
        "comment": comment.strip(),
    }
    try:
        home.mkdir(parents=True, exist_ok=True)
        # One write call per line, so concurrent app sessions do not interleave lines.
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise StorageError(f"评价未能保存：无法写入 {path}（{os_reason(exc)}）。请让管理员把 REGKB_HOME 指向"
                           "可写的目录；问答不受影响。") from None
    return path


def read_feedback(home: Path) -> list[dict]:
    """Every row in the order written. A line cut off by a crash mid-write is skipped."""
    path = home / FILE_NAME
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(row, dict):
            rows.append(row)
    return rows


def latest_ratings(rows: list[dict]) -> list[dict]:
    """The rating of each rated turn: the last row per (conversation, turn), in the order
    of those last rows. A turn whose last row withdrew the rating is left out. Rows written
    before ratings were keyed (no conversation) each stand for themselves."""
    last: dict[tuple, dict] = {}
    for number, row in enumerate(rows):
        key = (row["conversation"], row.get("turn")) if row.get("conversation") else ("", number)
        last.pop(key, None)  # re-inserted: ordered by the last click
        last[key] = row
    return [row for row in last.values() if row.get("rating") in (UP, DOWN)]


def _citations(row: dict) -> tuple[list[str], list[str]]:
    """Clause ids and refs of a row (older rows kept clause ids only)."""
    cited = row.get("citations") or []
    ids = [c["clause_id"] if isinstance(c, dict) else str(c) for c in cited]
    refs = [c.get("ref", "") for c in cited if isinstance(c, dict)]
    return ids, refs


def summary(home: Path, latest: int = 5) -> str:
    """A few lines for `regkb feedback`: how many turns were rated each way and the
    questions of the latest 👎 (with their reasons)."""
    ratings = latest_ratings(read_feedback(home))
    if not ratings:
        return (f"还没有评价记录（{home / FILE_NAME}）。在问答页对回答点 👍 或 👎 后，这里会汇总。")
    counts = Counter(r["rating"] for r in ratings)
    reasons = sum(1 for r in ratings if r["rating"] == DOWN and r.get("comment"))
    lines = [f"共 {len(ratings)} 条评价（每轮问答以最后一次点击为准）：👍 有帮助 {counts[UP]} 条，"
             f"👎 没帮助 {counts[DOWN]} 条（其中 {reasons} 条写了原因）。"]
    down = [r for r in ratings if r["rating"] == DOWN][-latest:]
    if down:
        lines.append(f"最近的 👎（最多 {latest} 条，新的在后）：")
        for row in down:
            reason = f"　原因：{row['comment']}" if row.get("comment") else ""
            lines.append(f"  {row.get('time', '')[:16].replace('T', ' ')}  {row.get('question', '')}{reason}")
        lines.append("导出全部 👎 及原因：regkb feedback --export 反馈.csv（加 --all 导出全部评价）")
    return "\n".join(lines)


def export_feedback(home: Path, target: Path, *, everything: bool = False) -> int:
    """Write the ratings (by default only the 👎, with their reasons) to ``target``: .csv with
    Chinese headers (opens in Excel), or .jsonl with the rows as recorded. Returns how many."""
    suffix = target.suffix.lower()
    if suffix not in EXPORT_FORMATS:
        raise InputError(f"无法导出为“{target.name}”：只支持 .csv（可用 Excel 打开）或 .jsonl，"
                         "例如 regkb feedback --export 反馈.csv。")
    ratings = [r for r in latest_ratings(read_feedback(home)) if everything or r["rating"] == DOWN]
    if suffix == ".jsonl":
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ratings)
    else:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for row in ratings:
            ids, refs = _citations(row)
            values = {**row, "clause_ids": "\n".join(ids), "refs": "\n".join(refs),
                      "rating": RATING_LABELS[row["rating"]]}
            writer.writerow(values.get(field, "") for field in CSV_COLUMNS.values())
        data = out.getvalue()
    try:
        # utf-8-sig: Excel reads the Chinese headers right only with the BOM.
        target.write_text(data, encoding="utf-8-sig" if suffix == ".csv" else "utf-8", newline="")
    except OSError as exc:
        raise InputError(f"无法写入“{target}”：{os_reason(exc)}。请换一个可写的位置。") from None
    return len(ratings)
