"""Drives the Streamlit app's pages with AppTest inside a subprocess (see test_no_network.py):
asks a question on the chat page, checks an uploaded agreement, generates a quiz, opens the
matrix and browse pages. Prints one JSON line of what each page showed.

Usage: python tests/security/app_driver.py AGREEMENT.docx
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "qa_app" / "ui" / "app.py")
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def page(name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["page"] = name
    return checked(at.run())


def checked(at: AppTest) -> AppTest:
    if at.exception:
        raise SystemExit(f"the app raised: {[e.value for e in at.exception]}")
    return at


def main(agreement: Path) -> None:
    shown = {}
    at = page("chat")
    checked(at.chat_input[0].set_value("注册人能不能把上市放行交给受托生产企业？").run())
    shown["chat"] = "\n".join(m.value for m in at.markdown)

    at = page("agreement")
    checked(at.file_uploader[0].set_value((agreement.name, agreement.read_bytes(), DOCX_MIME)).run())
    checked(at.button(key="agreement_run").click().run())
    shown["agreement"] = {m.label: m.value for m in at.metric}

    at = page("quiz")
    at.number_input(key="quiz_n").set_value(4)
    next(b for b in at.button if b.label == "生成题目").click()
    checked(at.run())
    shown["quiz"] = len(at.session_state["quiz_items"])

    for name in ("matrix", "browse", "search"):
        page(name)
        shown[name] = "shown"
    print(json.dumps(shown, ensure_ascii=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
