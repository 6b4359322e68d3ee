# One command sets up and runs the main job; one sets up and runs the tests.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-stamp
AGENCY  ?= Sở Giáo dục và Đào tạo Hải Phòng

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.[test]'
	@# Byte-compile once: where PYTHONDONTWRITEBYTECODE is set (as on these machines), every
	@# command would otherwise recompile its imports (plans status: 1.0 s instead of 0.45 s).
	-$(BIN)/python -m compileall -q -j 0 $(VENV)/lib cli > /dev/null 2>&1
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/plans lint
	$(BIN)/plans status --agency "$(AGENCY)"
	$(BIN)/plans kpi --plan hp-2026-kh-bcd799-pttd-pctp --period 2026-H1

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/plans lint

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) bench/out .pytest_cache
