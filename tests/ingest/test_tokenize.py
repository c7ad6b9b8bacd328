import pytest

from tests.conftest import sample_texts


def test_domain_terms_stay_whole(tokenizer):
    words = tokenizer.words("受托生产企业应当负责生产放行，注册人负责上市放行")
    assert "受托生产企业" in words and "上市放行" in words and "生产放行" in words
    assert "应当" not in words  # stopword


def test_colloquial_words_expand_to_official_terms(tokenizer):
    tokens = tokenizer.expand("代工厂可以再外包给别家吗")
    assert "受托生产企业" in tokens
    assert "委托生产" in tokens or "委托" in tokens
    assert "上市放行" in tokenizer.expand("谁签字放行")


def test_expand_text_appends_terms_once(tokenizer):
    text = tokenizer.expand_text("代工厂能转包吗")
    assert text.startswith("代工厂能转包吗") and "受托生产企业" in text and "再次委托" in text
    assert tokenizer.expand_text("注册人的义务") == "注册人的义务"


@pytest.mark.parametrize("question, meant, not_meant", [
    ("外包装上的标签谁来定？", "包装", "委托生产"),
    ("出厂放行由谁签？", "生产放行", "上市放行"),
    ("代工厂那边再外包行不行？", "再次委托", "委托生产"),
])
def test_the_longest_everyday_phrase_is_expanded_not_a_shorter_word_inside_it(tokenizer, question, meant, not_meant):
    """外包装 is packaging, not outsourcing; 出厂放行 is the production release only."""
    expanded = tokenizer.expand_text(question)
    assert meant in expanded and not_meant not in expanded.replace(question, "")


@pytest.mark.parametrize("question", [
    "药监局点名让我们召回这批货，几天内要做完？",
    "企业被点名开展再评价，方案什么时候交？",
    "省里点名要求整改的，多久要报整改情况？",
])
def test_a_bureau_singling_a_firm_out_is_read_as_an_order(question, tokenizer):
    """点名让做 / 被点名 / 点名要求: the bureau orders it (责令), which the texts give limits of their own."""
    assert "责令" in tokenizer.expand_text(question).replace(question, "")


@pytest.mark.parametrize("question, meant", [
    ("来检查前会先跟厂里打个招呼吗", "事先告知"),
    ("他们说来之前给我们打个电话", "事先告知"),
    ("和工厂那边上个月解了约，留下的记录归谁", "解除"),
    ("质量部已经签了字放行，还缺什么", "上市放行"),
    ("那批货出了事以后谁去报告", "不良事件"),
])
def test_an_everyday_verb_with_a_measure_word_inside_is_still_read(tokenizer, question, meant):
    """打个招呼, 签了字放行, 出了事: spoken verb-object words take 个 or 了 after the verb; they
    mean what the bare word does (a split the table cannot follow is no reading at all)."""
    assert meant in tokenizer.expand_text(question).replace(question, "")


@pytest.mark.parametrize("question, term, inside", [
    ("我们找的代工厂出了批次问题找谁", "受托生产企业", "受托"),
    ("飞检突然上门该准备什么材料", "飞行检查", "飞行"),
    ("这份合同里要写清哪些责任", "质量协议", "协议"),
])
def test_an_official_term_the_index_knows_is_searched_as_one_word(tokenizer, question, term, inside):
    """代工厂 is one word of the question: read as 受托生产企业 alone, not also as 受托 + 生产 + 企业,
    which would make it four words and outweigh the rest. Without the index's words (or for a
    term that is none of them) the term is searched by its words."""
    tokens = tokenizer.expand(question, {term})
    assert term in tokens and inside not in tokens
    assert {term, inside} <= set(tokenizer.expand(question))


@pytest.mark.parametrize("question, asked", [
    ("新版规范允不允许这样做", "允许"),
    ("工厂自己检验行不行", "检验"),
    ("飞行检查会不会事先通知", "通知"),
    ("这种变更算不算重大变化", "重大"),
])
def test_a_question_asked_as_a_not_a_searches_for_a_not_for_not(tokenizer, question, asked):
    """允不允许 / 行不行 / 会不会 ask about the verb: the 不允许, 不行, 不会 their words leave
    behind would send the keyword search to clauses that forbid."""
    tokens = tokenizer.expand(question)
    assert asked in tokens
    assert not [t for t in tokens if t.startswith("不")]


@pytest.mark.parametrize("question, topic", [
    ("注册人是不是强制要给产品投保？", "投保"),
    ("法规有没有硬性规定留样要放三年", "留样"),
    ("受托方必须自己做出厂检验吗", "检验"),
    ("备案人一定要设专门的质量部门吗", "质量"),
    ("经销商非得上追溯系统不可吗", "追溯"),
])
def test_words_asking_how_binding_a_rule_is_are_not_search_words(tokenizer, question, topic):
    """强制 / 硬性规定 / 必须 / 一定 / 非得 ask what the rule's modality answers (like 应当, a stopword): as
    search words they would favour a sentence saying 必须 over one that only encourages the act."""
    tokens = tokenizer.expand(question)
    assert any(topic in t for t in tokens)
    assert not {"强制", "硬性", "硬性规定", "必须", "一定", "非得"} & set(tokens)


def gap(*values):
    """A row whose wording the rule does not reach yet."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason="rule does not generalise to this wording"))


@pytest.mark.parametrize("question, topic", [
    ("我们的灭菌外包给一家灭菌厂做，这家要不要现场审核？", "灭菌"),
    ("那家供应商的资质谁来审？", "资质"),
    ("找了一个代工厂，合同里要写哪些内容", "合同"),
    ("某家经销商卖了过期产品怎么处理", "过期"),
])
def test_counting_and_pointing_at_a_firm_is_no_search_word(tokenizer, question, topic):
    """一家 / 这家 / 那家 / 一个 / 某家 say which firm, not what is asked: as search words they outweighed the topic."""
    tokens = tokenizer.expand(question)
    assert any(topic in t for t in tokens), tokens
    assert not {"一家", "这家", "那家", "一个", "某家", "某个"} & set(tokens), tokens


# Pieces a colloquial question leaves when jieba cuts it like content (咋整, 弄, 搞 of 要不要搞个…).
_QUESTION_PIECES = {"咋整", "咋办", "咋个", "得", "弄", "搞", "整", "这事", "咋"}


@pytest.mark.parametrize("question, topic", [
    ("工厂的洁净车间没达标这事咋整", "洁净"),
    ("换了灭菌方式是不是得弄个验证", "灭菌"),
    ("标签上的地址要不要搞个变更", "标签"),
    ("年度自查报告得弄哪些内容", "自查"),
    ("受托方的留样咋办才合规", "留样"),
    gap("灭菌记录该咋个弄法", "灭菌"),
])
def test_a_colloquial_filler_is_no_search_word(tokenizer, question, topic):
    """咋整 / 得弄 / 要不要搞 / 咋办 stand for the question itself (what to do), not for its topic."""
    tokens = tokenizer.expand(question)
    assert any(topic in t for t in tokens), tokens
    assert not _QUESTION_PIECES & set(tokens), tokens


@pytest.mark.parametrize("text, kept", [
    ("车间没过检是不是得整改", {"整改"}),
    ("要不要搞质量协议的年度评审", {"质量协议", "评审"}),
    ("用不用再做一次灭菌验证", {"灭菌", "验证"}),
])
def test_the_content_words_next_to_a_colloquial_phrase_stay(tokenizer, text, kept):
    """Only the question phrase is dropped: 整改 after 是不是得, 质量协议 after 要不要搞 stay search words."""
    assert kept <= set(tokenizer.tokens(text))


def test_a_kind_of_standard_named_with_qiangzhi_is_still_searched(tokenizer):
    assert any("强制性" in t for t in tokenizer.expand("产品要符合哪些强制性标准"))


# --- the tokenizer saved with the index ------------------------------------------------------

def test_a_saved_tokenizer_segments_exactly_as_a_built_one(tokenizer, tmp_path):
    """A reader loads the tokenizer the ingest saved (one file) instead of building jieba's dictionary
    and the domain words again: every word, token, phrase and expansion stays the same."""
    from ingest.tokenize import Tokenizer

    tokenizer.save(tmp_path / "tokenizer.marshal")
    loaded = Tokenizer.load(tmp_path / "tokenizer.marshal")
    texts = sample_texts()
    assert len(texts) > 400
    for text in texts:
        assert loaded.tokens(text) == tokenizer.tokens(text), text
        assert loaded.phrase(text) == tokenizer.phrase(text), text
        assert loaded.expand(text) == tokenizer.expand(text), text
        assert loaded.expand_text(text) == tokenizer.expand_text(text), text
    assert loaded.synonyms == tokenizer.synonyms


def test_a_damaged_or_foreign_saved_tokenizer_is_refused(tmp_path):
    import marshal

    import jieba

    from ingest.tokenize import Tokenizer

    (tmp_path / "cut").write_bytes(b"\xe3\x00\x01")
    (tmp_path / "other").write_bytes(marshal.dumps({"jieba": "0.1", "freq": {}, "total": 0, "synonyms": {}, "split": []}))
    (tmp_path / "list").write_bytes(marshal.dumps([jieba.__version__]))
    for name in ("cut", "other", "list", "missing"):
        with pytest.raises((OSError, ValueError)):
            Tokenizer.load(tmp_path / name)


def test_a_reader_uses_the_tokenizer_the_ingest_saved(small_settings, hash_embedder, tokenizer, monkeypatch):
    """Opened without a tokenizer, the knowledge base loads the ingest's; one whose file is damaged
    builds its own and answers the same."""
    from ingest.index import TOKENIZER, Ingestor
    from ingest.tokenize import Tokenizer
    from qa_app.kb import KnowledgeBase

    Ingestor(small_settings, hash_embedder, tokenizer).run()
    built = []
    real_init = Tokenizer.__init__
    monkeypatch.setattr(Tokenizer, "__init__", lambda self, *a, **kw: built.append(1) or real_init(self, *a, **kw))
    kb = KnowledgeBase.open(small_settings, embedder=hash_embedder)
    assert kb.search("谁负责上市放行", 1)[0].clause.id == "demo-rule:art2" and not built
    (kb.generation / TOKENIZER).write_bytes(b"damaged")
    again = KnowledgeBase.open(small_settings, embedder=hash_embedder)
    assert again.search("谁负责上市放行", 1)[0].clause.id == "demo-rule:art2" and built == [1]


@pytest.mark.parametrize("text, words", [
    ("配备专（或者兼）职监测人员", {"专职", "兼职"}),
    ("应当有专（或者兼）职人员负责售后", {"专职", "兼职"}),
    ("可以设专（或者兼）职检验员", {"专职", "兼职"}),
])
def test_two_words_folded_into_one_are_both_found(tokenizer, text, words):
    """专（或者兼）职 is 专职或者兼职 written short: a question about 兼职 must find it."""
    assert words <= set(tokenizer.tokens(text))


def test_the_workplace_vocabulary_keeps_the_rules_its_header_states():
    """ingest/data/workplace.yaml: each key once, none that synonyms.yaml already has (that one would win unseen),
    keys of two characters or more, one to three values, none equal to its key, each found verbatim in the corpus."""
    import re

    import yaml

    from ingest.tokenize import DATA_DIR
    from tests.conftest import CORPUS

    raw = (DATA_DIR / "workplace.yaml").read_text(encoding="utf-8")
    keys = [m.group(1) for m in re.finditer(r"^([^#\s][^:\n]*):", raw, re.M)]
    assert len(keys) >= 300
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []
    synonyms = yaml.safe_load((DATA_DIR / "synonyms.yaml").read_text(encoding="utf-8"))
    assert sorted(set(keys) & set(map(str, synonyms))) == []
    corpus = "".join(p.read_text(encoding="utf-8") for p in CORPUS.glob("*.md") if p.name != "README.md")
    for key, values in yaml.safe_load(raw).items():
        assert len(str(key)) >= 2 and 1 <= len(values) <= 3 and str(key) not in values, key
        assert [v for v in values if v not in corpus] == [], key


@pytest.mark.parametrize("text, classes", [
    ("省局组织对二类以上医疗器械中选企业开展监督检查", {"第二类", "第三类"}),
    ("第二类以上的产品", {"第二类", "第三类"}),
    ("一类及以上器械", {"第一类", "第二类", "第三类"}),
])
def test_a_range_of_classes_is_indexed_as_the_classes_it_takes_in(tokenizer, text, classes):
    # so that a question about 三类产品 meets a rule for 二类以上医疗器械
    assert classes <= set(tokenizer.tokens(text))


def test_a_single_class_is_not_read_as_a_range(tokenizer):
    assert "第三类" not in tokenizer.tokens("第二类医疗器械经营备案")
