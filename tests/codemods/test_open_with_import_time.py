"""open-with on code that runs at import: module level and class bodies, before and after."""

from __future__ import annotations

import pathlib

from helpers import rewrite
from open_with_support import module_from, needs_proc, observe, sample, write_files

def _import_behaviour(name: str, folder: pathlib.Path, data: dict[str, str], capsys) -> tuple:
    folder.mkdir()
    write_files(folder / "data", data)
    before, after = sample(name)
    seen = []
    for label, text in (("before", before), ("after", after)):
        holder: dict = {}

        def load(text: str = text, label: str = label) -> None:
            holder["module"] = module_from(text, f"{name}_{label}", file=str(folder / f"{label}.py"))

        observation = observe(load, folder)
        seen.append((observation, holder.get("module"), capsys.readouterr().out))
    return tuple(seen)


@needs_proc
def test_module_level_code_behaves_the_same(tmp_path: pathlib.Path, capsys) -> None:
    data = {"settings.json": '{"name": "shop"}', "words.txt": "a b c", "names.txt": "ann\nbob\n"}
    (original, old, old_out), (rewritten, new, new_out) = _import_behaviour("module_level", tmp_path / "work", data, capsys)
    assert (new.SETTINGS, new.WORDS) == (old.SETTINGS, old.WORDS) == ({"name": "shop"}, ["a", "b", "c"])
    assert new_out == old_out == "ann\nbob\n"
    assert new.settings() == old.settings()
    assert new.words_file.closed and old.words_file.closed
    assert original.resource_warnings >= 2 and rewritten.resource_warnings == 0


@needs_proc
def test_class_body_behaves_the_same(tmp_path: pathlib.Path, capsys) -> None:
    data = {"config.txt": "a=1\nb=2\n", "defaults.txt": "x y"}
    (original, old, _), (rewritten, new, _) = _import_behaviour("class_body", tmp_path / "work", data, capsys)
    assert new.Config.VALUES == old.Config.VALUES == {"a": "1", "b": "2"}
    assert new.Config.DEFAULTS == old.Config.DEFAULTS == ["x", "y"]
    # the handle names stay class attributes, closed, exactly as before
    assert new.Config.source.closed and old.Config.source.closed
    assert new.Config.fallback.closed and old.Config.fallback.closed
    assert original.resource_warnings == rewritten.resource_warnings == 0


@needs_proc
def test_class_body_rewrite_closes_when_the_body_raises(tmp_path: pathlib.Path) -> None:
    source = (
        "class Config:\n"
        "    handle = open(PATH)\n"
        "    VALUE = int(handle.read())\n"
        "    handle.close()\n"
    )
    after = rewrite(source, "open-with")
    assert "with open(PATH) as handle:" in after
    (tmp_path / "n.txt").write_text("not a number")
    results = []
    for text in (source, after):
        namespace = {"PATH": str(tmp_path / "n.txt")}
        results.append(observe(lambda text=text, namespace=namespace: exec(text, namespace), tmp_path))
    assert results[0].outcome[:2] == results[1].outcome[:2] == ("raised", ValueError)
    assert results[0].leaked and not results[1].leaked


def test_a_new_handle_name_avoids_module_names_after_a_nested_function_and_a_lambda(tmp_path: pathlib.Path) -> None:
    # a module-level name defined after a nested function and a module-level lambda is still
    # a module-level name: the new handle must not shadow it
    source = (
        "import json\n"
        "\n"
        "def helper():\n"
        "    def inner():\n"
        "        pass\n"
        "    return inner\n"
        "\n"
        "key = lambda item: item\n"
        "f = None\n"
        "\n"
        "def load(p):\n"
        "    data = json.load(open(p))\n"
        "    return data\n"
    )
    after = rewrite(source, "open-with")
    assert "with open(p) as fh:\n        data = json.load(fh)\n" in after
    assert " as f:" not in after
    (tmp_path / "d.json").write_text('{"a": 1}')
    old, new = module_from(source, "old_nested_lambda"), module_from(after, "new_nested_lambda")
    assert old.load(str(tmp_path / "d.json")) == new.load(str(tmp_path / "d.json")) == {"a": 1}
    assert old.f is None and new.f is None
