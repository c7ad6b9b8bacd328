"""Streamlit's own labels in Chinese (qa_app/ui/locale.py) and legible secondary text (qa_app/ui/theme.py).

The page script itself runs only in a browser (checked by hand in headless Chromium, see the
report of issue 15); here: the table still matches the installed Streamlit, every translation is
Chinese, the patterns turn the uploader's texts into Chinese, and the colours meet WCAG AA.
"""

import re
import tomllib
from pathlib import Path

import pytest
import streamlit

from qa_app.ui import locale, theme
from tests.conftest import REPO

CJK = re.compile(r"[\u4e00-\u9fff]")
BUNDLE = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                   for p in (Path(streamlit.__file__).parent / "static").rglob("*.js"))
# Texts that Streamlit builds from a template (`Chat message from ${name}`): the template is in the bundle.
TEMPLATED = {"Chat message from user": "Chat message from ${", "Chat message from assistant": "Chat message from ${",
             "Press Enter to apply": "Press Enter to ${", "Press Enter to submit form": "Press Enter to ${"}


def as_python(replacement: str) -> str:
    return re.sub(r"\$(\d)", r"\\\1", replacement)


def translate(text: str) -> str | None:
    """What the page script does to one text (same table, same order)."""
    if text in locale.TEXTS:
        return locale.TEXTS[text]
    for pattern, replacement in locale.PATTERNS:
        if re.search(pattern, text):
            return re.sub(pattern, as_python(replacement), text)
    return None


@pytest.mark.parametrize("english", sorted(locale.TEXTS))
def test_every_english_text_is_one_streamlit_shows(english):
    # An upgrade that rewords a label makes its entry dead: this names it.
    found = english in BUNDLE or TEMPLATED.get(english, "\0") in BUNDLE
    assert found, f"{english!r} is not in Streamlit {streamlit.__version__}'s bundle"


# Each pattern and the template in Streamlit's bundle that writes such texts.
TEMPLATES = {
    r"^(\S+) per file$": "} per file`",
    r"^File must be (\S+) or smaller\.$": "File must be ${",
    r"^(\S+) files are not allowed\.$": "} files are not allowed.`",
    r"^Remove (.+)$": "`Remove ${",
    r"^Select (\d+) matches$": "`Select ${",
    r"^(\d+) options? available\.$": " options`})} available.`",
}


def test_every_pattern_matches_words_streamlit_uses():
    assert set(TEMPLATES) == {pattern for pattern, _ in locale.PATTERNS}
    for pattern, template in TEMPLATES.items():
        assert template in BUNDLE, (pattern, template)


def test_every_translation_is_chinese():
    for english, chinese in [*locale.TEXTS.items(), *locale.PATTERNS]:
        assert CJK.search(chinese), (english, chinese)
        # Key names and formats may stay (Enter, CSV); no English word otherwise.
        assert not re.search(r"[A-Za-z]{3,}", chinese.replace("Enter", "").replace("CSV", "")), chinese


@pytest.mark.parametrize("english, chinese", [
    ("11MB per file", "每个文件不超过 10MB"),  # Streamlit's transfer limit; files are held to 10 MB
    ("File must be 11.0MB or smaller.", "文件不能超过 10MB：请压缩或拆分后再上传。"),
    (".exe files are not allowed.", "不支持 .exe 类型的文件：请上传页面上列出的格式。"),
    ("Upload", "选择文件"),
    ("Select all", "全选"),
    ("No results", "没有匹配的选项"),
    ("Running...", "运行中…"),
    ("Stop", "停止"),
    ("Press Enter to apply", "按 Enter 键确认"),
    ("Download as CSV", "下载为 CSV"),
    ("26 options available.", "共 26 个选项。"),
])
def test_what_a_user_reads_instead(english, chinese):
    assert translate(english) == chinese


def test_the_script_carries_the_language_and_the_whole_table():
    script = locale.script()
    assert 'document.documentElement.lang = "zh-CN"' in script
    for english, chinese in locale.TEXTS.items():
        assert f'"{english}": "{chinese}"' in script
    assert "选择文件" in script and "Browse files" not in script


# -- contrast ----------------------------------------------------------------------------


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def blend(colour: str, background: str, alpha: float) -> str:
    mix = [round(int(colour[i:i + 2], 16) * alpha + int(background[i:i + 2], 16) * (1 - alpha)) for i in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in mix)


THEME = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
BACKGROUNDS = [THEME["backgroundColor"], THEME["secondaryBackgroundColor"]]  # the page, the sidebar


def test_known_contrast_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_streamlits_faded_captions_are_too_faint():
    # Why theme.py exists: body text at 60 % opacity, as Streamlit draws captions.
    assert contrast(blend(THEME["textColor"], "#ffffff", 0.6), "#ffffff") < 4.5


@pytest.mark.parametrize("background", BACKGROUNDS)
def test_secondary_text_meets_wcag_aa(background):
    assert contrast(theme.SECONDARY_TEXT, background) >= 4.5
    assert contrast(THEME["textColor"], background) >= 7


def test_the_style_makes_every_faded_text_opaque_in_that_colour():
    css = theme.css()
    for selector in [*theme.SECONDARY_SELECTORS, "input::placeholder"]:
        assert selector in css
    assert css.count(f"opacity: 1; color: {theme.SECONDARY_TEXT};") == 2


def test_the_main_menu_is_off():
    client = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["client"]
    assert client["toolbarMode"] == "minimal"
