"""open-with: an open() in the left operand of and/or always runs, so a with-block keeps the order.

Burp-UI's Sphinx ``docs/conf.py`` reads ``version = open("../burpui/VERSION").read().rstrip()``
(rewritten) and, two lines down in a try, ``release = open("../burpui/RELEASE").read().rstrip()
or version`` (left, as "open() in an and/or operand may not run at all"). Python evaluates the
left operand of ``and``/``or`` first and always; only the right one may be skipped, as for a
chained comparison's first operand (already read so). The file is opened, read and closed
before the other operand runs; the right operand stays refused.
"""

from __future__ import annotations

import textwrap

from helpers import finding_messages, run_codemods

SOURCE = '''
def release(path, version):
    try:
        release = open(path).read().rstrip() or version
    except OSError:
        release = version
    return release


def flag(path):
    return open(path).read().strip() == "on" and not path.endswith(".off")
'''


def _functions(text):
    namespace: dict = {}
    exec(compile(text, "conf.py", "exec"), namespace)
    return namespace


def test_the_left_operand_is_rewritten_and_behaves_the_same(tmp_path):
    result = run_codemods(SOURCE, "open-with")
    assert finding_messages(result) == []
    assert "with open(path) as f:\n            release = f.read().rstrip() or version" in result.new_text
    assert "with open(path) as f:\n        return f.read().strip() == \"on\" and not path.endswith(\".off\")" in result.new_text
    before, after = _functions(textwrap.dedent(SOURCE)), _functions(result.new_text)
    written, empty = tmp_path / "RELEASE", tmp_path / "EMPTY"
    written.write_text("2.0rc1\n")
    empty.write_text("")
    for functions in (before, after):
        assert functions["release"](str(written), "1.0") == "2.0rc1"
        assert functions["release"](str(empty), "1.0") == "1.0"
        assert functions["release"](str(tmp_path / "missing"), "1.0") == "1.0"
    written.write_text("on\n")
    assert before["flag"](str(written)) is after["flag"](str(written)) is True


def test_the_right_operand_is_still_refused():
    source = "def read(cache, path):\n    return cache.get(path) or open(path).read()\n"
    result = run_codemods(source, "open-with")
    assert result.new_text == source
    assert any("and/or operand" in message for message in finding_messages(result))
