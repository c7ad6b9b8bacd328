"""Streamlit's own words in Chinese, and the page declared Chinese (``<html lang="zh-CN">``).

Streamlit has no locale setting: the labels it draws itself (the file uploader's "Upload" and
"10MB per file", multiselect's "Select all", the "Running..." status and its "Stop", dataframe
toolbar tooltips, "Press Enter to apply") are English strings in its JavaScript bundle. The main
menu is switched off in ``.streamlit/config.toml`` (``client.toolbarMode = "minimal"``); for the rest,
:func:`localise_page` puts one small script on the page that sets the document language and
replaces those texts (and the same words in ``aria-label``, ``title`` and ``placeholder``, which
screen readers and tooltips show) wherever they appear, also in elements drawn later.

The table is data: exact English texts and a few patterns with a size or a file type in them.
``tests/qa_app/test_locale.py`` checks that every English text still occurs in the installed
Streamlit's bundle, so an upgrade that rewords one is noticed by a test, not by a user.
"""

from __future__ import annotations

import json

import streamlit as st

from ingest.readers import MAX_BYTES

UPLOAD_MB = MAX_BYTES // (1024 * 1024)

LANG = "zh-CN"

# Streamlit's English text (exactly as its bundle has it) -> what a Chinese user reads.
TEXTS: dict[str, str] = {
    # file uploader
    "Upload": "选择文件",
    "Add files": "添加文件",
    "Drag and drop a file here": "将文件拖放到此处",
    "Drag and drop files here": "将文件拖放到此处",
    "File size is too small.": "文件太小。",
    "file upload": "上传文件",
    "Error:": "错误：",
    "Only one file is allowed.": "只能上传一个文件。",
    # multiselect and select boxes
    "Select all": "全选",
    "Clear all": "全部清除",
    "Clear value": "清除",
    "No results": "没有匹配的选项",
    "No options to select.": "没有可选的选项。",
    "Selected values": "已选项",
    "Multiselect options": "可选项",
    "Selectbox options": "可选项",
    "Open": "展开",
    "Choose an option": "请选择",
    "Choose options": "请选择",
    "Add options": "添加选项",
    # text inputs
    "Press Enter to apply": "按 Enter 键确认",
    "Press Enter to submit form": "按 Enter 键提交",
    "Clear entry": "清除输入",
    "Invalid input.": "输入无效。",
    # the running status in the header
    "Running...": "运行中…",
    "Stop": "停止",
    # the main menu (hidden by toolbarMode = "minimal"; translated should it appear)
    "Main menu": "主菜单",
    "Rerun": "重新运行",
    "Print": "打印",
    "Record a screencast": "录制屏幕",
    "About": "关于",
    "Settings": "设置",
    "Clear cache": "清除缓存",
    # sidebar and page frame
    "Sidebar": "侧边栏",
    "Link to heading": "链接到此标题",
    "Collapse sidebar": "收起侧边栏",
    "Expand sidebar": "展开侧边栏",
    "Skip to main content": "跳到主要内容",
    "Close": "关闭",
    "Dismiss": "关闭",
    "Loading": "加载中",
    # dataframe toolbar and element toolbar
    "Download as CSV": "下载为 CSV",
    "Search": "搜索",
    "Show/hide columns": "显示/隐藏列",
    "Fullscreen": "全屏",
    "Enter fullscreen": "全屏",
    "Exit fullscreen": "退出全屏",
    "Close fullscreen": "退出全屏",
    "Toggle fullscreen": "切换全屏",
    "Type to search": "输入以搜索",
    "Sort ascending": "升序排列",
    "Sort descending": "降序排列",
    "Hide column": "隐藏此列",
    "Pin column": "固定此列",
    "Unpin column": "取消固定",
    "Copy column name": "复制列名",
    "Format": "格式",
    "No data": "没有数据",
    "Loading...": "加载中…",
    # chat input
    "Send message": "发送",
    # code blocks (the chat page's citations have a copy button)
    "Copy to clipboard": "复制到剪贴板",
    "Copied": "已复制",
    # chat messages (aria-label `Chat message from ${name}`, read by screen readers)
    "Chat message from user": "用户的提问",
    "Chat message from assistant": "回答",
    # thumbs feedback
    "Thumbs up": "有帮助",
    "Thumbs down": "没有帮助",
    "Feedback rating": "评价",
    # download buttons
    "Download failed": "下载失败",
}

# Texts with a value in them: (JavaScript regular expression, replacement with $1 ...).
PATTERNS: list[tuple[str, str]] = [
    # Streamlit states its own transfer limit (server.maxUploadSize, a little above ours so that our
    # reader can refuse a file just over it in words); the user reads the limit files are held to.
    (r"^(\S+) per file$", f"每个文件不超过 {UPLOAD_MB}MB"),
    (r"^File must be (\S+) or smaller\.$", f"文件不能超过 {UPLOAD_MB}MB：请压缩或拆分后再上传。"),
    (r"^(\S+) files are not allowed\.$", "不支持 $1 类型的文件：请上传页面上列出的格式。"),
    (r"^Remove (.+)$", "移除 $1"),
    (r"^Select (\d+) matches$", "选择 $1 个匹配项"),
    (r"^(\d+) options? available\.$", "共 $1 个选项。"),
]

ATTRIBUTES = ("aria-label", "title", "placeholder")

_SCRIPT = """
<script>
(() => {
  document.documentElement.lang = %(lang)s;
  if (window.__regkbLocale) return;  // once per browser tab; later runs only re-set the language
  window.__regkbLocale = true;
  const texts = %(texts)s;
  const patterns = %(patterns)s.map(([re, to]) => [new RegExp(re), to]);
  const attributes = %(attributes)s;
  const translate = (value) => {
    const text = value.trim();
    if (!text) return null;
    if (Object.prototype.hasOwnProperty.call(texts, text)) return value.replace(text, texts[text]);
    for (const [re, to] of patterns) if (re.test(text)) return value.replace(text, text.replace(re, to));
    return null;
  };
  const fixText = (node) => {
    const value = translate(node.nodeValue);
    if (value !== null && value !== node.nodeValue) node.nodeValue = value;
  };
  const fixElement = (element) => {
    for (const name of attributes) {
      const old = element.getAttribute(name);
      const value = old && translate(old);
      if (value && value !== old) element.setAttribute(name, value);
    }
  };
  const walk = (root) => {
    if (root.nodeType === Node.TEXT_NODE) return fixText(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixElement(root);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) fixText(node); else fixElement(node);
    }
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "characterData") fixText(record.target);
      else if (record.type === "attributes") fixElement(record.target);
      else record.addedNodes.forEach(walk);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true,
                             attributes: true, attributeFilter: attributes});
  walk(document.body);
})();
</script>
"""


def script() -> str:
    """The page script: document language and the translation table."""
    dump = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
    return _SCRIPT.strip() % {"lang": dump(LANG), "texts": dump(TEXTS), "patterns": dump(PATTERNS),
                      "attributes": dump(list(ATTRIBUTES))}


def localise_page() -> None:
    """Put the script on the page (call once per run, before anything else is drawn)."""
    st.html(script(), unsafe_allow_javascript=True)
