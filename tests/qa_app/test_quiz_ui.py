"""The 培训题库 page, driven headlessly with AppTest: choose, preview, edit, drop, take the
quiz with marking and citations, export. The quiz corpus is indexed once per module with
the bundled encoder (the app opens the index with it); each test gets a copy."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from ingest.embed import make_embedder
from ingest.index import Ingestor
from ingest.settings import Settings
from ingest.tokenize import Tokenizer
from qa_app.quiz.items import FALSE, TRUE
from tests.conftest import write_doc
from tests.qa_app.test_quiz import OLD_RULE, QUIZ_RULE

from tests.qa_app.conftest import APP  # noqa: E402




@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("quiz-ui")
    corpus = root / "corpus"
    corpus.mkdir()
    write_doc(corpus, "demo-quiz-rule", QUIZ_RULE, title="示例委托生产管理办法", cite_as="《示例委托生产管理办法》")
    write_doc(corpus, "demo-old-rule", OLD_RULE, title="旧示例办法", cite_as="《旧示例办法》", status="superseded")
    Ingestor(Settings(home=root / "home", corpus=corpus, embed_model=""), make_embedder(), Tokenizer()).run()
    return root


@pytest.fixture
def env(built, tmp_path, monkeypatch):
    shutil.copytree(built / "home", tmp_path / "home")
    monkeypatch.setenv("REGKB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REGKB_CORPUS", str(built / "corpus"))
    monkeypatch.delenv("REGKB_EMBED_MODEL", raising=False)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["page"] = "quiz"
    return ok(at.run())


def generate(at: AppTest, n: int = 6, seed: int = 1) -> AppTest:
    at.number_input(key="quiz_n").set_value(n)
    at.number_input(key="quiz_seed").set_value(seed)
    next(b for b in at.button if b.label == "生成题目").click()
    return ok(at.run())


def items(at: AppTest):
    return at.session_state["quiz_items"]


def test_page_is_registered_and_asks_for_a_choice(env):
    at = open_page()
    assert any(s.value == "培训题库" for s in at.subheader)
    assert at.info[0].value == "选择出题范围后点击“生成题目”。"


def test_generate_and_preview(env):
    at = generate(open_page(), n=6, seed=3)
    quiz = items(at)
    assert len(quiz) == 6 and {i.type for i in quiz} == {"single", "truefalse", "fill", "multi", "scenario"}
    texts = [t.value for t in at.text]
    for item in quiz:
        assert item.stem in texts  # shown verbatim, as text
    assert all(not m.proto.allow_html for m in list(at.markdown) + list(at.caption))
    # Same seed, same set.
    again = generate(open_page(), n=6, seed=3)
    assert [i.id for i in items(again)] == [i.id for i in quiz]


def test_edit_an_item_and_see_it_rechecked(env):
    at = generate(open_page(), n=4, seed=2)
    item = next(i for i in items(at) if i.type == "single")
    at.text_area(key=f"edit-stem-{item.id}").input(item.stem.replace("根据", "依据")).run()
    at.button(key=f"save-{item.id}").click()
    ok(at.run())
    edited = next(i for i in items(at) if i.id == item.id)
    assert edited.stem.startswith("依据")
    assert at.warning and "校验提示" in at.warning[0].value  # the stem no longer opens with 根据《…》


def test_drop_an_item(env):
    at = generate(open_page(), n=5, seed=2)
    first = items(at)[0]
    at.button(key=f"drop-{first.id}").click()
    ok(at.run())
    assert len(items(at)) == 4 and first.id not in {i.id for i in items(at)}


def test_take_the_quiz_with_marking_and_citations(env):
    at = generate(open_page(), n=8, seed=5)
    quiz = items(at)
    single = next(i for i in quiz if i.type == "single")
    judged = next(i for i in quiz if i.type == "truefalse")
    fill = next(i for i in quiz if i.type == "fill")

    at.radio(key=f"take-{single.id}").set_value(single.answer)
    at.button(key=f"submit-{single.id}").click()
    ok(at.run())
    assert any(s.value.startswith("回答正确") for s in at.success)
    assert single.citation.text in [t.value for t in at.text]  # the clause, after the answer
    assert any(single.citation.ref in c.value.replace("\\", "") for c in at.caption)

    at.radio(key=f"take-{judged.id}").set_value(FALSE if judged.answer == TRUE else TRUE)
    at.button(key=f"submit-{judged.id}").click()
    ok(at.run())
    assert any(e.value.startswith("回答错误") for e in at.error)

    # A typed answer in the other numeral form still counts.
    typed = str(fill.answer).replace("10", "十")
    at.text_input(key=f"take-{fill.id}").input(typed)
    at.button(key=f"submit-{fill.id}").click()
    ok(at.run())
    assert at.metric[0].value == f"2 / {len(quiz)}"
    assert at.button(key=f"submit-{single.id}").disabled


def test_export_offers_downloads(env):
    at = generate(open_page(), n=4, seed=1)
    downloads = at.get("download_button")
    assert downloads and "regkb-quiz.json" in downloads[0].proto.label
    at.selectbox(key="quiz_format").set_value("docx")
    ok(at.run())
    labels = [d.proto.label for d in at.get("download_button")]
    assert any("regkb-quiz.docx" in x for x in labels) and any("regkb-quiz-answers.docx" in x for x in labels)


def test_a_case_question_is_answered_checked_and_counted(env):
    at = open_page()
    at.multiselect(key="quiz_types").set_value(["scenario"])
    at = generate(at, n=2, seed=1)
    quiz = items(at)
    assert quiz and {i.type for i in quiz} == {"scenario"}
    texts = [t.value for t in at.text]
    item = quiz[0]
    assert item.stem in texts and all(f"{'ABCD'[k]}. {o}" in texts for k, o in enumerate(item.options))
    # Every new set is checked by the question-answering path, and the page says how it went.
    assert any("独立核对" in c.value for c in at.caption)
    assert set(at.session_state["quiz_checked"]) == {i.id for i in quiz}
    wrong = next(o for o in item.options if o != item.answer)
    at.radio(key=f"take-{item.id}").set_value(wrong)
    at.button(key=f"submit-{item.id}").click()
    ok(at.run())
    assert any(e.value.startswith("回答错误") for e in at.error)
    # The answer is counted: the statistics tab shows the item, the option chosen, and offers the files.
    table = at.dataframe[0].value
    row = table[table["题目编号"] == item.id].iloc[0]
    assert row["作答人次"] == 1 and row["答对人次"] == 0 and f'"{"ABCD"[item.options.index(wrong)]}": 1' in row["各选项被选次数"]
    labels = [d.proto.label for d in at.get("download_button")]
    assert "下载题目统计（CSV）" in labels and "下载题目统计（Excel）" in labels


def test_a_key_the_check_disputes_shows_a_note(env, monkeypatch):
    from qa_app.quiz import crosscheck

    def disputed(item, answerer):
        return crosscheck.CrossCheck(item.id, crosscheck.DISAGREES, "问", "答", "独立核对未通过：请人工复核。")

    monkeypatch.setattr(crosscheck, "check", disputed)
    at = generate(open_page(), n=3, seed=1)
    assert all(i.notes for i in items(at))
    assert any("复核提示：独立核对未通过" in w.value for w in at.warning)
