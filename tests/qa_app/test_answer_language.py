"""A question in another language gets a request to ask in Chinese, from the answerer itself,
so the chat page, `regkb ask` and the HTTP API all say it; Chinese questions with the
English abbreviations of the trade are answered as usual. Wordings written for this test."""

import json

import pytest

from qa_app.answer import ASK_IN_CHINESE, NO_BASIS, Answerer, not_chinese
from qa_app.cli import main
from tests.conftest import indexed


@pytest.fixture(scope="module")
def answerer(tmp_path_factory):
    from tests.conftest import NOTICE, RULE, write_doc

    corpus = tmp_path_factory.mktemp("corpus")
    write_doc(corpus, "demo-rule", RULE, title="示例办法", cite_as="《示例办法》")
    write_doc(corpus, "demo-notice", NOTICE, title="示例通知", cite_as="示例通知", level="provincial")
    return Answerer(indexed(corpus, tmp_path_factory.mktemp("home")))


@pytest.mark.parametrize("question", [
    "Who is responsible for releasing the product to market?",
    "can the contract manufacturer outsource production again",
    "Which authority inspects the manufacturer? (registrant in another province)",
    "Who is responsible for 上市放行?",
    "Кто отвечает за выпуск продукции?",
    "製品の出荷判定は誰が行いますか",
])
def test_a_question_in_another_language_is_asked_again_in_chinese(answerer, question):
    answer = answerer.ask(question)
    assert answer.abstained and answer.kind == "not_chinese"
    assert answer.answer == ASK_IN_CHINESE and not answer.answer.startswith(NO_BASIS)
    assert answer.citations == () and answer.parties == ()


@pytest.mark.parametrize("question", [
    "注册人的QA能不能批准上市放行？",
    "OEM代工厂可以再次委托生产吗？",
    "委托生产产品的UDI由谁负责？",
    "GMP检查时受托生产企业要负责生产放行吗？",
    "QA、QC和OEM在委托生产中分别是谁？",
    "受托方做ISO 13485认证是不是就不用生产放行了？",
])
def test_chinese_questions_with_english_abbreviations_are_answered(answerer, question):
    assert not not_chinese(question)
    assert answerer.ask(question).kind != "not_chinese"


def test_regkb_ask_says_it_too(small_settings, monkeypatch, capsys):
    monkeypatch.setenv("REGKB_HOME", str(small_settings.home))
    monkeypatch.setenv("REGKB_CORPUS", str(small_settings.corpus))
    monkeypatch.delenv("REGKB_EMBED_MODEL", raising=False)
    assert main(["ingest"]) == 0
    capsys.readouterr()
    assert main(["ask", "Who releases the product?", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answer"] == ASK_IN_CHINESE and data["abstained"] is True and data["citations"] == []
