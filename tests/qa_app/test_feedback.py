"""Ratings kept in REGKB_HOME/feedback.jsonl: one row per click, the last per turn counts,
read back as a summary and exported for review (also through `regkb feedback`)."""

import csv
import json

import pytest

from ingest.errors import InputError, StorageError
from qa_app.answer import Answer, Citation
from qa_app.cli import main
from qa_app.feedback import FILE_NAME, export_feedback, latest_ratings, read_feedback, record_feedback, summary

CITATION = Citation("d:art1", "d", "示例", "《示例》第一条", "第一条 注册人负责上市放行。", 1.0)


def answer(question: str) -> Answer:
    return Answer(question, "责任方：注册人/备案人。", ("注册人/备案人",), (CITATION,), False, 0.9)


def test_every_click_is_a_row_with_turn_citations_and_reason(tmp_path):
    record_feedback(tmp_path, answer("谁放行？"), 1, conversation="c1", turn=1)
    record_feedback(tmp_path, answer("谁放行？"), 0, conversation="c1", turn=1)
    record_feedback(tmp_path, answer("谁放行？"), 0, " 引用不对 ", conversation="c1", turn=1)
    rows = read_feedback(tmp_path)
    assert [(r["conversation"], r["turn"], r["rating"], r["comment"]) for r in rows] == [
        ("c1", 1, 1, ""), ("c1", 1, 0, ""), ("c1", 1, 0, "引用不对")]
    assert rows[0]["citations"] == [{"clause_id": "d:art1", "ref": "《示例》第一条"}]
    assert rows[0]["question"] == "谁放行？" and rows[0]["answer"] == "责任方：注册人/备案人。" and rows[0]["time"]


def test_the_last_click_of_a_turn_wins_and_a_withdrawn_rating_counts_not(tmp_path):
    record_feedback(tmp_path, answer("一"), 1, conversation="c1", turn=1)
    record_feedback(tmp_path, answer("二"), 1, conversation="c1", turn=2)
    record_feedback(tmp_path, answer("一"), 0, "说错了", conversation="c1", turn=1)
    record_feedback(tmp_path, answer("一"), 1, conversation="c2", turn=1)  # another conversation, same turn
    record_feedback(tmp_path, answer("二"), None, conversation="c1", turn=2)
    latest = latest_ratings(read_feedback(tmp_path))
    assert [(r["conversation"], r["turn"], r["rating"]) for r in latest] == [("c1", 1, 0), ("c2", 1, 1)]


def test_rows_of_the_old_format_and_a_cut_off_line_are_still_read(tmp_path):
    old = {"time": "2026-12-01T10:00:00+0000", "question": "旧问题", "answer": "旧回答", "citations": ["d:art9"],
           "abstained": False, "rating": 0, "comment": ""}
    (tmp_path / FILE_NAME).write_text(json.dumps(old, ensure_ascii=False) + "\n" + json.dumps(old) + "\n"
                                      + '{"time": "2026-12-0', encoding="utf-8")
    assert len(latest_ratings(read_feedback(tmp_path))) == 2  # unkeyed rows each stand for themselves
    target = tmp_path / "out.csv"
    assert export_feedback(tmp_path, target) == 2
    assert "d:art9" in target.read_text(encoding="utf-8-sig")


def test_summary_counts_turns_once_and_lists_the_latest_thumbs_down(tmp_path):
    assert "还没有评价记录" in summary(tmp_path)
    record_feedback(tmp_path, answer("谁负责上市放行？"), 1, conversation="c1", turn=1)
    record_feedback(tmp_path, answer("谁负责上市放行？"), 0, "责任方说错了", conversation="c1", turn=1)
    record_feedback(tmp_path, answer("代工厂能做什么？"), 1, conversation="c1", turn=2)
    text = summary(tmp_path)
    assert "共 2 条评价" in text and "👍 有帮助 1 条" in text and "👎 没帮助 1 条" in text
    assert "谁负责上市放行？　原因：责任方说错了" in text and "代工厂能做什么" not in text


def test_export_csv_has_chinese_headers_and_only_the_thumbs_down(tmp_path):
    record_feedback(tmp_path, answer("好问题"), 1, conversation="c1", turn=1)
    record_feedback(tmp_path, answer("坏问题"), 0, "没有回答所问", conversation="c1", turn=2)
    target = tmp_path / "反馈.csv"
    assert export_feedback(tmp_path, target) == 1
    # The BOM lets Excel read the Chinese headers.
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert list(rows[0]) == ["时间", "会话", "轮次", "问题", "回答", "引用条款编号", "引用出处", "评价", "原因"]
    assert [(r["问题"], r["评价"], r["原因"], r["引用出处"], r["引用条款编号"]) for r in rows] == [
        ("坏问题", "👎 没帮助", "没有回答所问", "《示例》第一条", "d:art1")]
    assert export_feedback(tmp_path, target, everything=True) == 2


def test_export_jsonl_keeps_the_rows_as_recorded(tmp_path):
    record_feedback(tmp_path, answer("坏问题"), 0, "没有回答所问", conversation="c1", turn=2)
    target = tmp_path / "out.jsonl"
    export_feedback(tmp_path, target)
    (row,) = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert row["comment"] == "没有回答所问" and row["citations"][0]["ref"] == "《示例》第一条"


def test_export_to_another_format_or_an_unwritable_place_says_what_to_do(tmp_path):
    with pytest.raises(InputError, match=r"只支持 \.csv"):
        export_feedback(tmp_path, tmp_path / "out.xlsx")
    with pytest.raises(InputError, match="请换一个可写的位置"):
        export_feedback(tmp_path, tmp_path / "no-such-folder" / "out.csv")


def test_a_home_that_cannot_be_written_gives_a_message_not_a_traceback(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(StorageError, match="评价未能保存"):
        record_feedback(blocker / "home", answer("一"), 1, conversation="c1", turn=1)


def test_regkb_feedback_prints_a_summary_and_exports(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REGKB_HOME", str(tmp_path))
    record_feedback(tmp_path, answer("坏问题"), 0, "引用不相关", conversation="c1", turn=1)
    record_feedback(tmp_path, answer("好问题"), 1, conversation="c1", turn=2)
    assert main(["feedback"]) == 0
    out = capsys.readouterr().out
    assert "👎 没帮助 1 条" in out and "坏问题　原因：引用不相关" in out
    assert main(["feedback", "--export", str(tmp_path / "down.csv")]) == 0
    assert "已导出 1 条" in capsys.readouterr().out
    assert "坏问题" in (tmp_path / "down.csv").read_text(encoding="utf-8-sig")
    assert main(["feedback", "--export", str(tmp_path / "all.jsonl"), "--all"]) == 0
    assert len((tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    assert main(["feedback", "--export", str(tmp_path / "out.txt")]) == 2
    assert "只支持 .csv" in capsys.readouterr().err
    assert main(["feedback", "--all"]) == 2
    assert "--all 用于导出" in capsys.readouterr().err
