import pytest

from ingest.numerals import cn_to_int, int_to_cn


@pytest.mark.parametrize("text,number", [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("三十四", 34), ("一百", 100),
    ("一百零七", 107), ("一百一十", 110), ("一百二十四", 124), ("两百", 200), ("〇", 0),
])
def test_chinese_numerals_both_ways(text, number):
    assert cn_to_int(text) == number
    if "两" not in text and "〇" not in text:
        assert int_to_cn(number) == text


def test_round_trip_over_article_range():
    for n in range(1, 1000):
        assert cn_to_int(int_to_cn(n)) == n


def test_rejects_non_numerals():
    with pytest.raises(ValueError):
        cn_to_int("第三条")
