"""The 培训题库 page, driven headlessly with AppTest: choose, preview, edit, drop, take the
quiz with marking and citations, export. The quiz corpus is indexed once per module with
the bundled encoder (the app opens the index with it); each test gets a copy."""

from __future__ import annotations

import re
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


def generate(at: AppTest, n: int = 6, seed: int = 1, topics: list[str] | None = None) -> AppTest:
    if topics is not None:
        at.multiselect(key="quiz_topics").set_value(topics)
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


def shown(at: AppTest) -> list[str]:
    """Every text a trainer can read on the page: elements, labels, options, table cells."""
    out = []
    for kind in ("markdown", "caption", "text", "success", "warning", "error", "info", "subheader", "metric"):
        out += [str(e.value) for e in at.get(kind)]
    for kind in ("button", "download_button", "expander", "tab", "radio", "multiselect", "selectbox",
                 "text_input", "text_area", "number_input"):
        for e in at.get(kind):
            out.append(str(getattr(e, "label", "") or e.proto.label))
            out += [str(o) for o in getattr(e, "options", [])]
    for frame in at.dataframe:
        out += [str(c) for c in frame.value.columns] + [str(v) for v in frame.value.to_numpy().ravel()]
    return out


def number_of(at: AppTest, item) -> int:
    return [i.id for i in items(at)].index(item.id) + 1


def test_edit_an_item_and_see_it_rechecked(env):
    at = generate(open_page(), n=4, seed=2)
    item = next(i for i in items(at) if i.type == "single")
    new_stem = item.stem.replace("根据", "依据")
    at.text_area(key=f"edit-stem-{item.id}").input(new_stem).run()
    at.button(key=f"save-{item.id}").click()
    ok(at.run())
    edited = next(i for i in items(at) if i.id == item.id)
    assert edited.stem == new_stem
    # The preview shows the saved text at once, not the old one until another rerun.
    texts = [t.value for t in at.text]
    assert new_stem in texts and item.stem not in texts
    notes = [w.value for w in at.warning if "校验提示" in w.value]
    assert len(notes) == 1 and notes[0].startswith(f"第{number_of(at, item)}题已保存。校验提示")
    assert "题干应以“根据《文件名》，”开头" in notes[0]  # the stem no longer opens with 根据《…》
    assert not re.search(r"[A-Za-z]{4,}", notes[0])
    # Said once: the page's next run no longer shows it, and still shows the saved text.
    ok(at.run())
    assert not any("已保存" in w.value for w in at.warning) and new_stem in [t.value for t in at.text]


def test_an_item_with_two_identical_options_is_refused_not_saved(env):
    at = generate(open_page(), n=4, seed=2)
    item = next(i for i in items(at) if i.type == "single")
    number = number_of(at, item)
    at.text_input(key=f"edit-opt-{item.id}-1").input(item.options[0]).run()
    at.button(key=f"save-{item.id}").click()
    ok(at.run())
    [refused] = [e.value for e in at.error]
    assert refused.startswith(f"第{number}题未保存，请先修改：")
    assert "选项B与选项A相同" in refused and "请修改其中一个，使各选项互不相同" in refused
    assert not any("已保存" in m.value for m in list(at.success) + list(at.warning))
    assert next(i for i in items(at) if i.id == item.id) == item  # the set is as it was
    # An empty option and an empty stem are refused too, each saying what to do.
    at.text_input(key=f"edit-opt-{item.id}-1").input(" ").run()
    at.text_area(key=f"edit-stem-{item.id}").input("")
    at.button(key=f"save-{item.id}").click()
    ok(at.run())
    [refused] = [e.value for e in at.error]
    assert "选项B为空，请填写选项内容。" in refused and "题干为空，请填写题干。" in refused
    assert next(i for i in items(at) if i.id == item.id) == item
    # The export still offers the set as it was.
    assert not at.error[1:] and at.get("download_button")[0].proto.label == "下载（培训题库-4题.json）"


def test_no_internal_id_is_shown_anywhere(env):
    at = generate(open_page(), n=6, seed=3)
    quiz = items(at)
    single = next(i for i in quiz if i.type == "single")
    at.radio(key=f"take-{single.id}").set_value(single.answer)
    at.button(key=f"submit-{single.id}").click()
    ok(at.run())
    assert any(s.value.startswith("回答正确") for s in at.success)
    texts = shown(at)
    assert single.citation.ref in " ".join(texts)
    for text in texts:
        assert not re.search(r"q-[0-9a-f]{10}|demo-quiz-rule:|demo-old-rule:", text), text
    assert "题目编号" not in texts  # the statistics table knows items by their stem


def test_a_topic_without_enough_clauses_is_named(env):
    at = generate(open_page(), n=10, seed=1, topics=["放行", "质量管理体系"])
    notices = [w.value for w in at.warning]
    assert any(n.startswith("主题“放行”按所选条件可出的题不够：只有") for n in notices), notices
    assert len(items(at)) >= 5


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


def test_export_offers_downloads_named_after_the_quiz(env):
    at = generate(open_page(), n=4, seed=1, topics=["放行"])
    count = len(items(at))
    downloads = at.get("download_button")
    assert downloads and downloads[0].proto.label == f"下载（培训题库-放行-{count}题.json）"
    at.selectbox(key="quiz_format").set_value("docx")
    ok(at.run())
    labels = [d.proto.label for d in at.get("download_button")]
    assert f"下载试卷（培训题库-放行-{count}题.docx）" in labels
    assert f"下载答案与出处（培训题库-放行-{count}题-答案.docx）" in labels
    # Dropping an item renames the files: the count is the set's.
    at.button(key=f"drop-{items(at)[0].id}").click()
    ok(at.run())
    assert f"下载试卷（培训题库-放行-{count - 1}题.docx）" in [d.proto.label for d in at.get("download_button")]


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
    row = table[table["题干"] == item.stem].iloc[0]
    assert row["题型"] == "案例分析题" and row["作答人次"] == 1 and row["答对人次"] == 0 and f'"{"ABCD"[item.options.index(wrong)]}": 1' in row["各选项被选次数"]
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
