from qa_app.answer import Answer, Citation
from qa_app.feedback import read_feedback, record_feedback


def test_feedback_is_appended_locally(tmp_path):
    citation = Citation("d:art1", "d", "示例", "《示例》第一条", "第一条 ……", 1.0)
    answer = Answer("谁负责？", "责任方：注册人/备案人。", ("注册人/备案人",), (citation,), False, 0.9)
    record_feedback(tmp_path, answer, 1)
    record_feedback(tmp_path, answer, 0, "引用不对")
    rows = read_feedback(tmp_path)
    assert [r["rating"] for r in rows] == [1, 0]
    assert rows[1]["comment"] == "引用不对" and rows[0]["citations"] == ["d:art1"]
