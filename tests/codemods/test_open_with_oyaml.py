"""open-with: oyaml's ``safe_load``/``safe_dump``/``load``/``dump`` are PyYAML's own.

shipit's ``cli_common/openapi_subset.py`` reads an OpenAPI document with
``oyaml.safe_load(open(input_file))`` and writes its subset with ``oyaml.safe_dump(subset,
open(output_file, "w"))``; both were reported as handles the callee "may keep". oyaml is
PyYAML's drop-in for ordered mappings: its one module registers representers on PyYAML and then
does ``from yaml import *`` (wimglenn/oyaml, ``oyaml.py``), so its functions are PyYAML's, which
read or write the whole stream before they return and keep no reference to it. The rewritten
script writes the same subset, every handle closed when ``main`` returns."""

from __future__ import annotations

import gc
import sys
import types
import warnings

import yaml

from helpers import finding_messages, rewrite, run_codemods

SCRIPT = """\
import oyaml


def main(input_file, output_file):
    full_api = oyaml.safe_load(open(input_file))
    subset = {"paths": full_api["paths"]}
    oyaml.safe_dump(subset, open(output_file, "w"))


def dump_all(data, output_file):
    oyaml.dump(data, open(output_file, "w"))
    return oyaml.load(open(output_file), Loader=oyaml.SafeLoader)
"""


def _oyaml() -> types.ModuleType:
    # as oyaml.py does: PyYAML's namespace merged into its own (the package is not installed here)
    module = types.ModuleType("oyaml")
    exec("from yaml import *", module.__dict__)
    return module


def test_the_reads_and_writes_are_rewritten_and_close_their_handles(tmp_path, monkeypatch):
    new = rewrite(SCRIPT, "open-with")
    assert new.count("with open(") == 4, new
    monkeypatch.setitem(sys.modules, "oyaml", _oyaml())
    namespace: dict = {}
    exec(compile(new, "openapi_subset.py", "exec"), namespace)
    source, target = tmp_path / "api.yml", tmp_path / "subset.yml"
    source.write_text("openapi: 3.0.0\npaths:\n  /ping: {get: {}}\ncomponents: {}\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        namespace["main"](str(source), str(target))
        assert namespace["dump_all"]({"b": 1, "a": 2}, str(tmp_path / "all.yml")) == {"b": 1, "a": 2}
        gc.collect()
    assert yaml.safe_load(target.read_text()) == {"paths": {"/ping": {"get": {}}}}


def test_no_finding_says_the_callee_may_keep_the_handle():
    result = run_codemods(SCRIPT, "open-with")
    assert result.error is None, result.error
    assert not any("may keep it" in message for message in finding_messages(result)), finding_messages(result)
