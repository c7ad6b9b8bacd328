# Two commands: `make run` (set up, index, start the app) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test ingest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# Tests also cover the sentence-transformers backend. torch is pinned to the CPU build
# first, so that sentence-transformers does not pull a multi-GB GPU build.
$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[st,test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/regkb ingest
	$(BIN)/streamlit run qa_app/ui/app.py --server.address 127.0.0.1 --server.port 8501

ingest: $(VENV)/.installed
	$(BIN)/regkb ingest

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/python -m evals.bench --scale

clean:
	rm -rf .regkb .pytest_cache
