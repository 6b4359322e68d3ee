# One command sets up and runs the main job; one sets up and runs the tests.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-stamp
AGENCY  ?= Sở Giáo dục và Đào tạo Hải Phòng

.PHONY: demo test lint bench bench-growth clean lock lock-upgrade test-latest fuzz e2e site doc-images

# Exact versions with hashes (requirements.lock, made by `make lock`): every machine and CI installs
# the same files, so a new release upstream cannot break a fresh clone.
$(STAMP): pyproject.toml requirements.lock
	rm -rf $(VENV)
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	@# Byte-compile once: where PYTHONDONTWRITEBYTECODE is set (as on these machines), every
	@# command would otherwise recompile its imports (plans status: 1.0 s instead of 0.45 s).
	-$(BIN)/python -m compileall -q -j 0 $(VENV)/lib cli > /dev/null 2>&1
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/plans lint
	$(BIN)/plans status --agency "$(AGENCY)"
	$(BIN)/plans kpi --plan hp-2026-kh-bcd799-pttd-pctp --period 2026-H1
	@# Excel and calendars, on a temporary copy: form made, filled, imported, counted by plans kpi
	$(BIN)/python tools/demo_excel.py

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/plans lint

# One table of ratios to the parser's floor (issue 17); BENCH_PLANS=500 sets the size (default 1000).
bench: $(STAMP)
	$(BIN)/python bench/run.py

# Time and memory of lint, status and kpi at growing sizes (reports in proportion): BENCH_GROWTH=100,500,2000,10000
BENCH_GROWTH ?= 100,500,2000
bench-growth: $(STAMP)
	BENCH_GROWTH=$(BENCH_GROWTH) $(BIN)/python bench/run.py

# Lock what pyproject.toml asks for, with hashes, for every platform. `make lock` keeps the versions
# already locked and adds what is new; `make lock-upgrade` moves everything to the newest release.
LOCK_FLAGS ?=
.venv-lock/bin/uv:
	$(PY) -m venv .venv-lock
	.venv-lock/bin/python -m pip install -q uv==0.13.9

lock: .venv-lock/bin/uv
	.venv-lock/bin/uv pip compile pyproject.toml tools/build-requirements.in --extra test --universal \
		--python-version 3.11 --generate-hashes $(LOCK_FLAGS) -o requirements.lock

lock-upgrade:
	$(MAKE) lock LOCK_FLAGS=--upgrade

# Drift check: the suite against the newest releases (not the lock), so that an upstream change is
# seen before `make lock` takes it in.
test-latest:
	rm -rf .venv-latest
	$(PY) -m venv .venv-latest
	.venv-latest/bin/python -m pip install -q --upgrade -e '.[test]'
	.venv-latest/bin/python -m pytest

# The site in a real browser (headless Chromium through Selenium): needs Debian's chromium and
# chromium-driver (apt-get install chromium chromium-driver); the screenshots go to bench/out/e2e.
# Tests that need a browser or LibreOffice (Debian: chromium chromium-driver libreoffice-writer-nogui
# poppler-utils; tesseract-ocr tesseract-ocr-vie for scans): the site in headless Chromium, documents
# converted to PDF and read back, plans import of a printed PDF and of scans.
e2e: $(STAMP)
	PLANS_E2E_SHOTS=bench/out/e2e $(BIN)/python -m pytest -m e2e -p no:randomly -v tests/test_site_e2e.py
	PLANS_E2E=1 $(BIN)/python -m pytest -p no:randomly -v tests/test_documents_pdf.py
	PLANS_E2E=1 $(BIN)/python -m pytest -p no:randomly -v tests/test_import_e2e.py

# The static site of the repository, as CI publishes it (open _site/index.html).
site: $(STAMP)
	$(BIN)/plans site -o _site --force

# The long fuzz run (the suite holds a short one): mutated repositories through every command.
fuzz: $(STAMP)
	$(BIN)/python tools/fuzz.py --inputs $${FUZZ_INPUTS:-100000}

# Documents through LibreOffice (sudo apt-get install -y libreoffice-writer-nogui poppler-utils): the PDF
# tests, and the page images of the README (docs/images/).
doc-images: $(STAMP)
	$(BIN)/python tools/doc_images.py

clean:
	rm -rf $(VENV) .venv-lock .venv-latest bench/out .pytest_cache
