import pytest


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
