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
