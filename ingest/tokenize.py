"""Chinese tokenisation for keyword search: jieba with a domain dictionary, plus a
synonym table that maps everyday words (代工厂, 外包, 签字放行) to official terms.

Both tables are data files under ``data/`` so a domain expert can edit them.

Building a tokenizer reads jieba's main dictionary (350,000 words) and adds the domain words one
by one, about 0.8 s; the ingest saves the result with the index (:meth:`Tokenizer.save`) and a
reader loads that in a quarter of the time (:meth:`Tokenizer.load`), with the same segmentation.
"""

from __future__ import annotations

import logging
import marshal
import re
from collections.abc import Container
from pathlib import Path

import jieba
import yaml

from ingest.grammar import EITHER_FOLDED

DATA_DIR = Path(__file__).parent / "data"

# Function words and bare punctuation carry no meaning for retrieval.
_STOPWORDS = frozenset(
    "的 了 和 与 及 或 或者 以及 等 对 在 是 为 其 并 将 把 被 由 于 中 之 也 而 且 "
    "应当 应 可以 可 不得 有关 相关 进行 按照 根据 要求 规定 其他 以上 以下 本 该 "
    "什么 怎么 哪个 哪些 谁 吗 呢 吧 啊 是否 如何 多少 几 个 能 能不能 要 需要 "
    # how binding a rule is (like 应当 above): the rule's modality answers 是不是强制 / 硬性规定 / 一定要,
    # and as search words they would favour any sentence saying 必须 over one that only encourages the act
    "必须 务必 强制 硬性 硬性规定 硬性要求 一定 非得 "
    "一 二 三 四 五 六 七 八 九 十 "
    # question words: they say what is asked, not what it is about
    "多久 多长 什么时候 何时 哪个 哪些 哪一方 哪方 由谁 还是 我们 他们 你们 有没有 "
    "怎样 怎么办 请问 呢 吗 么 啥 什么样 多少天 几天 几次 能否 可否 一下 "
    # time and direction words of everyday speech (定下来以后): they say when, not what
    "以后 之后 下来 起来 出来 的话 时候 这个 那个 这种 那种 这样 那样 怎么样 "
    # counting and pointing at a firm of everyday speech (外包给一家灭菌厂, 这家供应商): they say which, not what
    "一家 这家 那家 某家 一个 某个".split()
)
# Question phrases of everyday speech (whether and how to act, said colloquially): words of their own
# in the dictionary and no search words, nor are the pieces of them (咋 + 整, 要不要 + 搞). They ask
# what to do, which the question frame reads; as search words the rule match weighs them as content
# words the corpus never uses.
QUESTION_PHRASES = frozenset(
    "咋整 咋办 咋弄 咋搞 咋样 咋回事 怎么整 怎么弄 怎么搞 得弄 得搞 要弄 要搞 "
    "是不是得 是不是要 要不要搞 要不要弄 需不需要 用不用 该不该 得不得 "
    # how long, asked (its pieces 时间 / 长时间 are no words of the rule asked about); what one is in charge of, asked
    "多长时间 各管 管什么 管哪些 管哪块 管啥".split()
)
_SKIP = _STOPWORDS | QUESTION_PHRASES
_WORD = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)
# 行不行, 允不允许, 会不会: a question asked as "A not A" is about A; the 不行 / 不会 its words
# leave behind would send the keyword search to clauses that say "not".
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")
# 打个招呼, 签了字, 出了事: a verb-object word of everyday speech (离合词) takes 个 or 了 after its verb.
_SPLIT_BY = "个了"


def _match_keys(synonyms: dict[str, list[str]]) -> list[tuple[str, str, tuple[str, ...]]]:
    """Each everyday word, longest first, with its lower-cased form and the forms with 个 or 了
    after its first character (a verb-object word of Chinese characters only)."""
    keys = []
    for word in sorted(synonyms, key=len, reverse=True):
        key = word.lower()
        chinese = len(key) > 1 and all("\u4e00" <= ch <= "\u9fff" for ch in key)
        keys.append((word, key, tuple(f"{key[0]}{by}{key[1:]}" for by in _SPLIT_BY) if chinese else ()))
    return keys


# 二类以上 / 第一类及以上: a range of device classes, up to the third.
CLASS_RANGE = re.compile(r"第?([一二])类(?:及)?以上")
CLASSES = "一二三"


class Tokenizer:
    """jieba with the domain dictionary loaded into a private instance (no globals)."""

    def __init__(self, user_dict: Path = DATA_DIR / "user_dict.txt",
                 synonyms: Path = DATA_DIR / "synonyms.yaml", workplace: Path | None = DATA_DIR / "workplace.yaml"):
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        self._jieba.load_userdict(str(user_dict))
        table = yaml.safe_load(synonyms.read_text(encoding="utf-8")) or {}
        self.synonyms: dict[str, list[str]] = {str(k): list(v) for k, v in table.items()}
        for word in list(self.synonyms) + [t for terms in self.synonyms.values() for t in terms]:
            self._jieba.add_word(word)
        # workplace.yaml: how the trade talks (代工企业, 管代, 突击检查…). Its words become words of
        # their own; the regulations' terms they stand for keep the segmentation the texts get.
        extra = yaml.safe_load(workplace.read_text(encoding="utf-8")) if workplace and workplace.exists() else {}
        for word, terms in (extra or {}).items():
            if str(word) not in self.synonyms:
                self.synonyms[str(word)] = list(terms)
                self._jieba.add_word(str(word))
        for word in QUESTION_PHRASES:
            self._jieba.add_word(word)
        self._keys = _match_keys(self.synonyms)

    def save(self, path: Path) -> None:
        """Write the merged dictionary (jieba's words with the domain words and their frequencies)
        and the synonym table to one file, for :meth:`load`."""
        path.write_bytes(marshal.dumps({"jieba": jieba.__version__, "freq": self._jieba.FREQ,
                                        "total": self._jieba.total, "synonyms": self.synonyms,
                                        # words of frequency 0, which jieba's HMM must split (global in jieba)
                                        "split": sorted(jieba.finalseg.Force_Split_Words)}))

    @classmethod
    def load(cls, path: Path) -> Tokenizer:
        """The tokenizer :meth:`save` wrote, segmenting exactly as it did. Raises OSError or
        ValueError for a file that is missing, damaged or written with another jieba version."""
        try:
            state = marshal.loads(path.read_bytes())  # not marshal.load(file): that reads item by item, 3x slower
            if state["jieba"] != jieba.__version__:
                raise ValueError(f"{path} was written with jieba {state['jieba']}, this is {jieba.__version__}")
            words, total, synonyms, split = state["freq"], state["total"], state["synonyms"], state["split"]
        except (EOFError, TypeError, KeyError) as exc:
            raise ValueError(f"{path} is not a saved tokenizer ({exc})") from exc
        tokenizer = cls.__new__(cls)
        jieba.setLogLevel(logging.WARNING)
        # What jieba's initialize(), load_userdict() and add_word() leave behind.
        for word in split:
            jieba.finalseg.add_force_split(word)
        tokenizer._jieba = jieba.Tokenizer()
        tokenizer._jieba.FREQ, tokenizer._jieba.total, tokenizer._jieba.initialized = words, total, True
        tokenizer.synonyms = synonyms
        tokenizer._keys = _match_keys(synonyms)
        return tokenizer

    def words(self, text: str) -> list[str]:
        """Segmented words, in order, stopwords and punctuation removed."""
        return [w for w in self._search_cut(text) if w.strip() and w not in _SKIP and _WORD.search(w)]

    def _search_cut(self, text: str) -> list[str]:
        """jieba's cut for search (each long word with the dictionary words inside it), except that a
        question phrase gives none of its pieces. Two words folded into one (专（或者兼）职) are cut as both
        (专职或者兼职)."""
        out = []
        for word in self._jieba.cut(EITHER_FOLDED.sub(r"\1\3或者\2\3", text)):
            if word in QUESTION_PHRASES:
                continue
            for size in (2, 3):
                if len(word) > size:
                    out += [word[i:i + size] for i in range(len(word) - size + 1) if self._jieba.FREQ.get(word[i:i + size])]
            out.append(word)
        return out

    def phrase(self, text: str) -> tuple[str, ...]:
        """The words of a term in reading order, one segmentation (质量管理体系自查 -> 质量管理体系, 自查):
        a term that is no single word of the index is met where all of these are."""
        return tuple(w.lower() for w in self._jieba.lcut(text) if w.strip() and w not in _SKIP and _WORD.search(w))

    def tokens(self, text: str) -> list[str]:
        """Index tokens: words, lower-cased; a range of classes (二类以上) also as the classes it takes in
        (第二类, 第三类), so that a question about 三类产品 meets a rule for 二类以上医疗器械."""
        words = [w.lower() for w in self.words(text)]
        ranged = [f"第{CLASSES[i]}类" for m in CLASS_RANGE.finditer(text) for i in range(CLASSES.index(m.group(1)), 3)]
        return words + [w for w in dict.fromkeys(ranged) if w not in words]

    def everyday_words(self, text: str) -> list[str]:
        """The everyday words of a text that the synonym table maps, longest first; the longest
        phrase wins: 再外包 (-> 再次委托), not also the 外包 inside it (-> 委托生产). A verb-object
        word is met with 个 or 了 inside it too (打个招呼 is 打招呼)."""
        lowered, matched, out = text.lower(), [], []
        # the characters 个 or 了 follow: only a word beginning with one of them can be met split
        heads = {lowered[i - 1] for i, ch in enumerate(lowered) if i and ch in _SPLIT_BY}
        for word, key, forms in self._keys:
            found = key in lowered or (key[0] in heads and any(form in lowered for form in forms))
            if found and not any(key in longer for longer in matched):
                matched.append(key)
                out.append(word)
        return out

    def expand(self, text: str, known: Container[str] = ()) -> list[str]:
        """Query tokens with the official terms for any everyday word in the text: a term that is
        one of the ``known`` words (the index's) as that one word, any other as its words."""
        tokens = self.tokens(_A_NOT_A.sub(r"\1", text))
        extra = [t for word in self.everyday_words(text) for term in self.synonyms[word]
                 for t in ([term.lower()] if term.lower() in known else self.tokens(term))]
        return tokens + [t for t in dict.fromkeys(extra) if t not in tokens]

    def expand_text(self, text: str) -> str:
        """The question with official terms appended, for the dense encoder."""
        extra = [t for word in self.everyday_words(text) for t in self.synonyms[word] if t not in text]
        return text if not extra else f"{text}（{'、'.join(dict.fromkeys(extra))}）"
