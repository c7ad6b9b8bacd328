"""The blind-set scorer on four made-up questions over the small test corpus."""

import json

import pytest
import yaml

from evals import blind_eval
from qa_app.cli import main as regkb

QUESTIONS = [
    {"id": "b1", "question": "谁负责产品上市放行？", "category": "responsibility", "tags": [],
     "gold": ["demo-rule:art2"], "parties": ["注册人/备案人"], "verdict": None, "items": [], "must_state": [],
     "abstain": False, "gold_quote": "注册人应当负责产品上市放行", "note": ""},
    {"id": "b2", "question": "受托生产企业可以再次委托生产吗？", "category": "yes_no", "tags": ["list"],
     "gold": ["demo-rule:art4"], "parties": ["受托生产企业"], "verdict": "no", "items": ["不得"],
     "must_state": ["再次委托"], "abstain": False, "gold_quote": "", "note": ""},
    {"id": "b3", "question": "对注册人和受托生产企业的日常监督检查分别由哪个部门负责？", "category": "two_party",
     "tags": [], "gold": ["demo-notice:s1/i1", "demo-notice:s1/i2"],
     "parties": ["注册人所在地省级药监部门", "受托生产企业所在地省级药监部门"], "verdict": None, "items": [],
     "must_state": [], "abstain": False, "gold_quote": "", "note": ""},
    {"id": "b4", "question": "医疗器械广告审批需要多久？", "category": "out_of_scope", "tags": [], "gold": [],
     "parties": [], "verdict": None, "items": [], "must_state": [], "abstain": True, "gold_quote": "", "note": ""},
]
GRADES = [{"id": "b1", "grade": "correct", "reason": ""}, {"id": "b2", "grade": "correct", "reason": ""},
          {"id": "b3", "grade": "partial", "reason": ""}, {"id": "b4", "grade": "wrong", "reason": ""},
          {"id": "zz", "grade": "wrong", "reason": "not in the set: ignored"}]


def test_scores_the_set_and_keeps_the_questions_out_of_the_results(small_settings, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("REGKB_HOME", str(small_settings.home))
    monkeypatch.setenv("REGKB_CORPUS", str(small_settings.corpus))
    assert regkb(["ingest"]) == 0
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "questions.yaml").write_text(yaml.safe_dump(QUESTIONS, allow_unicode=True), encoding="utf-8")
    (folder / "grades.yaml").write_text(yaml.safe_dump(GRADES, allow_unicode=True), encoding="utf-8")
    capsys.readouterr()
    assert blind_eval.main(["--questions", str(folder / "questions.yaml"), "--tag", "t",
                            "--grades", str(folder / "grades.yaml"), "--out", str(tmp_path / "results")]) == 0
    stdout = capsys.readouterr().out

    answers = [json.loads(line) for line in (folder / "answers-t.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [a["id"] for a in answers] == ["b1", "b2", "b3", "b4"]
    assert answers[0]["question"] == QUESTIONS[0]["question"] and answers[1]["tags"] == ["list"]
    assert {"answer", "parties", "citations", "abstained", "confidence"} <= set(answers[0]["answer"])
    assert answers[0]["latency_ms"] > 0

    result = json.loads((tmp_path / "results" / "blind-t.json").read_text(encoding="utf-8"))
    overall = result["overall"]
    assert overall["recall@5"]["n"] == 3 and overall["party_accuracy"]["n"] == 3
    assert overall["verdict_accuracy"]["n"] == 1 and overall["list_item_recall"]["n"] == 1
    assert overall["two_party_named"]["n"] == 1 and overall["abstention_recall"]["n"] == 1
    assert overall["invalid_citations"] == 0 and sum(overall["confidence"]["bins"].values()) == 4
    assert set(result["by_category"]) == {"responsibility", "yes_no", "two_party", "out_of_scope"}
    grades = result["grades"]["overall"]
    assert grades["graded"] == 4 and (grades["correct"], grades["partial"], grades["wrong"]) == (0.5, 0.25, 0.25)
    assert 0 <= grades["auroc_correct_vs_rest"] <= 1 and result["machine"]["commit"] is not None

    markdown = (tmp_path / "results" / "BLIND-t.md").read_text(encoding="utf-8")
    assert "| recall@5 |" in markdown and "## Hand grades" in markdown
    for text in (stdout, markdown, json.dumps(result, ensure_ascii=False)):
        for q in QUESTIONS:
            assert q["question"] not in text
            assert not any(gold in text for gold in q["gold"] + q["parties"])


@pytest.mark.parametrize("answer,verdict", [
    ("不可以。受托生产企业不得再次委托生产。", "no"),
    ("无需，但应当在质量协议中约定。", "no"),
    ("鼓励但不强制。", "no"),
    ("可以，但应当签订质量协议。", "yes"),
    ("注册人应当负责上市放行。", "yes"),
    ("视情况而定：跨省委托时由两地省局联合检查。", "depends"),
    ("「为了加强管理，制定本办法。」", None),
])
def test_verdict_is_read_from_the_first_sentence(answer, verdict):
    assert blind_eval.verdict_of({"answer": answer}) == verdict
    assert blind_eval.verdict_of({"answer": answer, "verdict": "depends"}) == "depends"


def test_party_aliases_and_auroc():
    assert blind_eval.names("注册人应当放行，受托方负责生产放行", "注册人/备案人")
    assert blind_eval.names("受托方负责生产放行", "受托生产企业")
    assert not blind_eval.names("受托方负责生产放行", "国家药监局")
    assert blind_eval.auroc([0.9, 0.8], [0.5, 0.8]) == 0.875 and blind_eval.auroc([0.9], []) is None
