# make demo: set up .venv and show what flask-codemod would change in the bundled legacy app.
# make test: set up .venv with the test extras and run the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test fuzz bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-runtime

# The sample is run from a copy of its own, as a user runs the tool at the root of their app:
# inside this repository its project would be flask-codemod's own (pyproject.toml above it).
demo: $(VENV)/.installed-runtime
	@copy=$$(mktemp -d) && cp -R samples/legacy_app "$$copy/" && cd "$$copy/legacy_app" && \
	echo "flask-codemod apply --dry-run .   # in a copy of samples/legacy_app" && \
	"$(CURDIR)/$(BIN)/flask-codemod" apply --dry-run .; status=$$?; rm -rf "$$copy"; exit $$status

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

# make fuzz: the long robustness runs (tests/fuzz/run.py): generated programs, and every file of
# the installed packages through the real pipeline. Prints how many it tried and how many failed.
FUZZ_EXAMPLES ?= 500
FUZZ_SEED ?= 0
fuzz: $(VENV)/.installed-test
	$(BIN)/python tests/fuzz/run.py --examples $(FUZZ_EXAMPLES) --seed $(FUZZ_SEED)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
