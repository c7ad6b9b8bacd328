"""The confidence calibration (evals/calibrate.py) on two made-up sets over the small test corpus,
and its labels read from a key."""

import json

import pytest
import yaml

from evals import calibrate
from qa_app.answer.confidence import calibration
from qa_app.cli import main as regkb

SET_A = [
    {"id": "a1", "question": "产品上市放行由谁负责？", "category": "responsibility", "gold": ["demo-rule:art2"],
     "parties": ["注册人/备案人"]},
    {"id": "a2", "question": "受托生产企业能不能再委托别的厂生产？", "category": "yes_no", "gold": ["demo-rule:art4"],
     "parties": ["受托生产企业"], "verdict": "no"},
    {"id": "a3", "question": "医疗器械广告的审批要多少天？", "category": "out_of_scope", "gold": [], "abstain": True},
]
SET_B = [
    {"id": "b1", "question": "生产记录由哪一方保存？", "category": "responsibility", "gold": ["demo-rule:art3"],
     "parties": ["受托生产企业"]},
    {"id": "b2", "question": "注册人可以把上市放行交给代工厂吗？", "category": "yes_no", "gold": ["demo-rule:art2"],
     "parties": ["注册人/备案人"], "verdict": "no"},
    {"id": "b3", "question": "谁对受托生产企业开展日常监督检查？", "type": "responsibility",
     "gold": ["demo-notice:s1/i2"], "parties": ["受托生产企业所在地省级药监部门"]},
]


def test_calibrates_on_two_sets_and_keeps_the_questions_out_of_the_results(small_settings, monkeypatch, tmp_path,
                                                                           capsys):
    monkeypatch.setenv("REGKB_HOME", str(small_settings.home))
    monkeypatch.setenv("REGKB_CORPUS", str(small_settings.corpus))
    assert regkb(["ingest"]) == 0
    sets = []
    for name, questions in (("set_a", SET_A), ("set_b", SET_B)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(questions, allow_unicode=True), encoding="utf-8")
        sets.append(str(path))
    shipped = tmp_path / "confidence.json"
    monkeypatch.setattr(calibrate, "CALIBRATION", shipped)  # never the package's own file
    capsys.readouterr()
    assert calibrate.main(["--sets", *sets, "--out", str(tmp_path / "results"), "--write"]) == 0
    stdout = capsys.readouterr().out

    result = json.loads((tmp_path / "results" / "confidence.json").read_text(encoding="utf-8"))
    assert [(r["set"], r["id"]) for r in result["rows"]] == [("set_a", q["id"]) for q in SET_A] + [
        ("set_b", q["id"]) for q in SET_B]
    assert {r["label"] for r in result["rows"]} <= {"right", "ambiguous", "wrong"}
    assert all(0 <= r["before"] <= 1 and 0 <= r["after_cv"] <= 1 for r in result["rows"])
    assert set(result["by_set"]) == {"set_a", "set_b"} and result["overall"]["after"]["n"] == 6
    assert set(result["levels"]["after"]) == {"高", "中", "低"}
    # The model fitted on both sets is written where it was asked to be, and loads.
    model = calibration(shipped)
    assert set(model.weights) == set(result["model"]["weights"]) and model.weights["fit"] >= 0

    markdown = (tmp_path / "results" / "CONFIDENCE.md").read_text(encoding="utf-8")
    assert "| set_a |" in markdown and "| all |" in markdown and "| 高 |" in markdown
    for text in (stdout, markdown, json.dumps(result, ensure_ascii=False)):
        for q in SET_A + SET_B:
            assert q["question"] not in text


KEY = {"gold": ["d:art2"], "parties": ["注册人/备案人"], "verdict": "no"}


@pytest.mark.parametrize("answer,evidence,row,expected", [
    # the gold clause quoted, the key's verdict and parties
    ({"abstained": False, "verdict": "no", "parties": ["注册人/备案人"], "answer": "不可以。"}, ("d:art2",),
     {"r5": 1.0, "verdict_ok": True, "party_ok": True}, "right"),
    # a piece of the gold article counts as the article
    ({"abstained": False, "verdict": "no", "parties": ["注册人/备案人"], "answer": "不可以。"}, ("d:art2~1",),
     {"r5": 1.0, "verdict_ok": True, "party_ok": True}, "right"),
    # the other verdict
    ({"abstained": False, "verdict": "yes", "parties": ["注册人/备案人"], "answer": "可以。"}, ("d:art2",),
     {"r5": 1.0, "verdict_ok": False, "party_ok": True}, "wrong"),
    # no gold clause among the first five cited
    ({"abstained": False, "verdict": "no", "parties": ["注册人/备案人"], "answer": "不可以。"}, ("d:art9",),
     {"r5": 0.0, "verdict_ok": True, "party_ok": True}, "wrong"),
    # another party only, with no verdict of the key's to save it
    ({"abstained": False, "verdict": None, "parties": ["受托生产企业"], "answer": "未能从条文中确定。"}, ("d:art2",),
     {"r5": 1.0, "verdict_ok": False, "party_ok": False}, "wrong"),
    # the key's verdict but another party: partly right
    ({"abstained": False, "verdict": "no", "parties": ["受托生产企业"], "answer": "不可以。"}, ("d:art2",),
     {"r5": 1.0, "verdict_ok": True, "party_ok": False}, "ambiguous"),
    # no verdict at all, gold cited but not quoted
    ({"abstained": False, "verdict": None, "parties": ["注册人/备案人"], "answer": "未能从条文中确定。"}, ("d:art9",),
     {"r5": 1.0, "verdict_ok": False, "party_ok": True}, "ambiguous"),
    # an abstention on an answerable question
    ({"abstained": True, "verdict": None, "parties": [], "answer": "知识库中未找到依据。"}, (), {}, "wrong"),
])
def test_an_answer_is_labelled_from_its_key(answer, evidence, row, expected):
    assert calibrate.label(KEY, answer, evidence, row) == expected


@pytest.mark.parametrize("abstained,expected", [(True, "right"), (False, "wrong")])
def test_an_out_of_scope_question_is_answered_right_by_abstaining(abstained, expected):
    answer = {"abstained": abstained, "verdict": None, "parties": [], "answer": ""}
    assert calibrate.label({"abstain": True, "gold": []}, answer, (), {}) == expected


def test_a_readers_hand_grade_labels_the_same_answer_text(tmp_path):
    folder = tmp_path / "blind42"
    folder.mkdir()
    (folder / "questions.yaml").write_text("[]", encoding="utf-8")

    def keep(phase, answers, grades):
        with open(folder / f"answers-42-{phase}.jsonl", "w", encoding="utf-8") as out:
            for qid, text in answers.items():
                out.write(json.dumps({"id": qid, "answer": {"answer": text}}, ensure_ascii=False) + "\n")
        (folder / f"grades-{phase}.yaml").write_text(yaml.safe_dump(
            [{"id": qid, "grade": grade, "reason": "-"} for qid, grade in grades.items()]), encoding="utf-8")

    keep("before", {"x1": "不可以。「…」", "x2": "可以。「…」", "x3": "由注册人负责。"},
         {"x1": "wrong", "x2": "correct", "x3": "partial"})
    keep("after", {"x1": "可以。「…」", "x2": "可以。「…」"}, {"x1": "correct", "x2": "wrong"})
    labels = calibrate.reader_grades(folder / "questions.yaml")
    assert labels[("x1", "不可以。「…」")] == "wrong" and labels[("x1", "可以。「…」")] == "right"
    assert labels[("x2", "可以。「…」")] == "wrong"  # the after scoring's grade of the same text wins
    assert labels[("x3", "由注册人负责。")] == "ambiguous"
    assert ("x3", "由受托生产企业负责。") not in labels  # another text: the key labels it
    # A set kept as a file of its own has no reader's grades beside it.
    (tmp_path / "questions_dev9.yaml").write_text("[]", encoding="utf-8")
    assert calibrate.reader_grades(tmp_path / "questions_dev9.yaml") == {}
