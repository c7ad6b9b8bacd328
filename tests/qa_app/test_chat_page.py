"""The chat page, driven headlessly with AppTest on a small real index."""

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest.embed import make_embedder
from ingest.index import Ingestor
from ingest.settings import Settings
from ingest.tokenize import Tokenizer
from tests.conftest import NOTICE, RULE, write_doc

from tests.qa_app.conftest import APP  # noqa: E402




@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_doc(corpus, "demo-rule", RULE, title="示例办法", cite_as="《示例办法》")
    write_doc(corpus, "demo-notice", NOTICE, title="示例通知", cite_as="示例通知", level="provincial")
    monkeypatch.setenv("REGKB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REGKB_CORPUS", str(corpus))
    monkeypatch.delenv("REGKB_EMBED_MODEL", raising=False)
    Ingestor(Settings(), make_embedder(), Tokenizer()).run()
    return tmp_path / "home"


def ask(question: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["page"] = "chat"
    at.run()
    at.chat_input[0].set_value(question).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_chat_is_the_default_page_with_examples(home):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any(b.label == "谁负责产品上市放行？" for b in at.button)


def test_answer_with_party_badge_and_citation_card(home):
    at = ask("谁负责产品上市放行？")
    text = markdown(at)
    assert "注册人/备案人" in text  # party badge and answer
    titles = [e.label for e in at.expander]
    assert titles and titles[0].startswith("[1] 《示例办法》第二条")
    assert any("第二条 注册人应当负责产品上市放行" in c.value for c in at.code)  # copy-citation block
    assert "page=browse&clause=demo-rule%3Aart2" in text
    assert any(c.value.startswith("可信度：") and c.value[-1] in "高中低" for c in at.caption)


def test_user_input_is_shown_as_text(home):
    at = ask("<script>alert(1)</script> 谁负责上市放行")
    assert any(t.value.startswith("<script>") for t in at.text)
    assert all("<script>" not in m.value for m in at.markdown)


def test_out_of_scope_question_abstains(home):
    at = ask("化妆品怎么备案？")
    assert any("知识库中未找到依据" in w.value for w in at.warning)


def test_document_filter_applies(home):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["page"] = "chat"
    at.run()
    at.sidebar.multiselect[0].set_value(["demo-notice"]).run()
    at.chat_input[0].set_value("日常监督检查由谁负责").run()
    assert all("示例办法" not in e.label for e in at.expander)
    assert any("示例通知" in e.label for e in at.expander)


def test_thumbs_feedback_is_saved_locally(home):
    at = ask("谁负责产品上市放行？")
    at.feedback[0].set_value(1).run()
    rows = [json.loads(line) for line in (home / "feedback.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows and rows[-1]["rating"] == 1 and rows[-1]["question"] == "谁负责产品上市放行？"


def test_everyday_words_are_shown_with_their_reading(home):
    at = ask("代工厂负责上市放行吗？")
    assert not at.exception
    assert any(c.value.startswith("理解为：") and "代工厂 → 受托生产企业" in c.value for c in at.caption)


def test_a_follow_up_is_read_against_the_previous_turn_and_says_so(home):
    at = ask("谁负责产品上市放行？")
    at.chat_input[0].set_value("那生产放行呢？").run()
    assert not at.exception
    assert any(c.value.startswith("理解为：谁负责产品生产放行？") for c in at.caption)


def test_a_question_in_english_is_asked_to_be_put_in_chinese(home):
    at = ask("Who is responsible for releasing the product to market?")
    assert any(w.value.startswith("请用中文提问") for w in at.warning)
    assert not any("知识库中未找到依据" in w.value for w in at.warning)


def rows(home: Path) -> list[dict]:
    return [json.loads(line) for line in (home / "feedback.jsonl").read_text(encoding="utf-8").splitlines()]


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_every_rating_click_is_recorded_per_conversation_and_turn(home, tmp_path):
    at = ask("谁负责产品上市放行？")
    at.feedback[0].set_value(1).run()
    assert any(c.value == "已记录您的评价，谢谢。" for c in at.caption)
    at.feedback[0].set_value(0).run()  # changed my mind: 👎, which asks why
    at.text_input[0].input("应该写明受托生产企业不能放行")  # typed into the form, sent with its button
    button(at, "提交原因").click().run()
    assert any(c.value == "已记录您的评价和原因，谢谢。" for c in at.caption)
    button(at, "清空对话").click().run()
    assert not at.feedback  # the old turn is gone from the screen
    at.chat_input[0].set_value("受托生产企业能不能再次委托生产？").run()
    at.feedback[0].set_value(0).run()
    assert not at.exception, [e.value for e in at.exception]

    written = rows(home)
    assert [(r["turn"], r["question"], r["rating"], r["comment"]) for r in written] == [
        (1, "谁负责产品上市放行？", 1, ""),
        (1, "谁负责产品上市放行？", 0, ""),
        (1, "谁负责产品上市放行？", 0, "应该写明受托生产企业不能放行"),
        (1, "受托生产企业能不能再次委托生产？", 0, ""),
    ]
    first, second = written[0]["conversation"], written[-1]["conversation"]
    assert first and second and first != second  # 清空对话 starts a new conversation
    assert {r["conversation"] for r in written[:3]} == {first}
    assert written[0]["citations"][0] == {"clause_id": "demo-rule:art2", "ref": "《示例办法》第二条"}
    assert written[0]["answer"].startswith("责任方：注册人/备案人")

    from qa_app.feedback import export_feedback

    assert export_feedback(home, tmp_path / "down.csv") == 2
    exported = (tmp_path / "down.csv").read_text(encoding="utf-8-sig")
    assert "应该写明受托生产企业不能放行" in exported and "受托生产企业能不能再次委托生产？" in exported


def test_a_rating_that_cannot_be_saved_says_so_without_a_traceback(home):
    (home / "feedback.jsonl").mkdir()  # stands in for a folder the app cannot write
    at = ask("谁负责产品上市放行？")
    at.feedback[0].set_value(1).run()
    assert not at.exception
    assert any(w.value.startswith("评价未能保存") for w in at.warning)
    assert not any(c.value.startswith("已记录") for c in at.caption)


def test_a_long_question_marks_only_its_most_specific_words(home):
    at = ask("我们公司是注册人，产品由代工厂生产完成以后，请问按照规定到底应当由谁来负责产品的上市放行工作，"
             "受托生产企业是不是也可以负责上市放行？")
    cards = [set(re.findall(r":orange\[\*\*(.+?)\*\*\]", md.value)) for md in at.markdown]
    assert all(len(card) <= 5 for card in cards), cards  # a few words per card, not every word asked
    marked = set().union(*cards)
    assert any("上市放行" in m for m in marked)
    assert not any(word in m for m in marked for word in ("应当", "我们", "公司", "规定")), marked


def test_answer_numbers_its_references_as_the_cards_and_links_to_them(home):
    at = ask("谁负责产品上市放行？")
    answer = next(m.value for m in at.markdown if m.value.startswith("责任方"))
    assert "（《示例办法》第二条[\\[1\\]](#cite-1-1)）" in answer
    assert at.main.expander[0].label.startswith("[1] 《示例办法》第二条")
    assert '<div id="cite-1-1"></div>' in markdown(at)  # where [1] jumps to
    assert all(f'<div id="cite-1-{n}"></div>' in markdown(at) for n in range(1, len(at.main.expander) + 1))
    # The next turn's numbers point at its own cards.
    at.chat_input[0].set_value("受托生产企业负责什么放行？").run()
    assert "](#cite-2-1)" in markdown(at)


def test_citation_cards_stay_closed_so_the_answer_stays_in_view(home):
    at = ask("谁负责产品上市放行？")
    assert at.main.expander and not any(e.proto.expanded for e in at.main.expander)


def test_the_whole_answer_can_be_copied_with_its_numbered_citations(home):
    at = ask("谁负责产品上市放行？")
    copied = next(c.value for c in at.code if c.value.startswith("责任方"))
    assert "（《示例办法》第二条[1]）" in copied
    assert "\n引用条文：\n[1] 《示例办法》第二条：第二条 注册人应当负责产品上市放行，不得委托其他企业上市放行。" in copied
    assert copied.count("\n[") == len(at.main.expander)


def test_confidence_is_shown_in_words_and_explained(home):
    at = ask("受托生产企业能不能再次委托生产？")
    (shown,) = [c for c in at.caption if c.value.startswith("可信度：")]
    assert shown.value[-1] in "高中低"
    assert "高：" in shown.proto.help and "低：" in shown.proto.help


def test_numbers_follow_the_cards_even_when_one_ref_begins_another():
    from qa_app.answer import Answer, Citation
    from qa_app.transcript import numbered, plain_text

    thirty = Citation("d:art30", "d", "办法", "《办法》第三十条", "第三十条 受托生产企业负责生产放行。", 0.9)
    three = Citation("d:art3", "d", "办法", "《办法》第三条", "第三条 注册人负责上市放行。", 0.8)
    answer = Answer("谁负责放行？", "「注册人负责上市放行。」（《办法》第三条）另见《办法》第三十条：「受托生产企业负责生产放行。」",
                    ("注册人/备案人",), (three, thirty), False, 0.9)
    assert [p for p in numbered(answer) if isinstance(p, int)] == [1, 2]
    assert plain_text(answer) == (
        "「注册人负责上市放行。」（《办法》第三条[1]）另见《办法》第三十条[2]：「受托生产企业负责生产放行。」\n\n引用条文：\n"
        "[1] 《办法》第三条：第三条 注册人负责上市放行。\n[2] 《办法》第三十条：第三十条 受托生产企业负责生产放行。")


def test_an_item_the_cards_do_not_show_gets_no_number_of_its_section():
    from qa_app.answer import Answer, Citation
    from qa_app.transcript import numbered

    section = Citation("g:s2", "g", "指南", "《指南》 二", "二、基本要素", 0.9)
    item = Citation("g:s2/i8", "g", "指南", "《指南》 二（八）", "（八）保密", 0.8)
    answer = Answer("包括哪些？", "应当包含以下内容：（《指南》 二）\n1. 产品范围（《指南》 二（一））\n8. 保密（《指南》 二（八））",
                    (), (section, item), False, 0.9)
    assert "".join(p if isinstance(p, str) else f"[{p}]" for p in numbered(answer)) == (
        "应当包含以下内容：（《指南》 二[1]）\n1. 产品范围（《指南》 二（一））\n8. 保密（《指南》 二（八）[2]）")
