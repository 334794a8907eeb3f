"""Three text patterns let comments stand between a name and what follows it (``config`` …
``.update(``, ``timeout`` … ``=``, ``open`` … ``(``). Written as ``(?:[\\s)\\\\]|#[^\\n]*)*``,
a run of comment lines after the name splits into exponentially many ways, and a failing search
never ended: shopcube's commented-out tests (``email_config`` followed by forty comment lines)
stopped the whole tool in dotenv-config's loader scan. The patterns now split a text one way
only; they match the same texts as before."""

from __future__ import annotations

import random
import re
import time

from flask_codemod.codemods import _dotenv_config_project_index as dotenv_project
from flask_codemod.codemods import _http_timeout_default as timeout_default
from flask_codemod.codemods import _open_with_gate as open_gate
from flask_codemod.codemods._text_gates import starts_word
from flask_codemod.codemods._open_with_catalog import OPENER_CALL_NAMES

# the patterns as they were: the reference for which texts match
_OLD_CONFIG_UPDATE = re.compile(r"config(?:[\s)\\]|#[^\n]*)*\.\s*(?:update|from_mapping)\s*\(")
_OLD_MAY_GIVE_WAIT = re.compile(
    r"timeout(?:_?(?:s|secs?|seconds|ms|millis|milliseconds))?(?:[ \t\f\r\n\\]|#[^\n]*)*=|timeout[\"']\s*[,\]:]"
)
_OLD_OPENER_CALL = re.compile(r"(?:" + "|".join(sorted(OPENER_CALL_NAMES)) + r")\b(?:[\s)\\]|#[^\n]*)*\(")

# shopcube's shape: a name, then many commented-out lines, and nothing the pattern wants after
_COMMENT_RUN = "".join(
    f"    #     ({i}, 'value')  \\  # note {i}\n    # def test_{i}(self, client, email_config):\n" for i in range(40)
)


def _search_seconds(pattern: re.Pattern[str], text: str) -> float:
    started = time.perf_counter()
    pattern.search(text)
    return time.perf_counter() - started


def test_config_followed_by_comment_lines_is_read_at_once():
    text = "def test_register(email_config\n" + _COMMENT_RUN + "    pass\n"
    started = time.perf_counter()
    names, loaders = dotenv_project._read_config("tests/test_auth.py", text, True)
    # the old pattern takes longer than any run; the new one a few milliseconds even when loaded
    assert time.perf_counter() - started < 5
    assert loaders == ()


def test_each_pattern_fails_fast_after_a_comment_run():
    for word, pattern in (
        ("email_config", dotenv_project._CONFIG_UPDATE),
        ("read_timeout", timeout_default._MAY_GIVE_WAIT),
        ("open", open_gate._OPENER_CALL),
    ):
        text = f"x = {word}\n" + _COMMENT_RUN.replace("=", "").replace("(", "").replace(".", "") + "y\n"
        assert pattern.search(text) is None
        assert _search_seconds(pattern, text) < 5


def test_comments_still_stand_between_the_name_and_the_call():
    assert dotenv_project._CONFIG_UPDATE.search("app.config  # mapping\n    # more\n    .update(A=1)")
    assert dotenv_project._CONFIG_UPDATE.search("config # a .update(")  # the old pattern's reading
    assert timeout_default._MAY_GIVE_WAIT.search("read_timeout_ms  # note\n= 5")
    assert open_gate._OPENER_CALL.search("gzip.open  # why\n  (path)")
    assert not dotenv_project._CONFIG_UPDATE.search("config\n# x\ny.update(")


_PIECES = ("config", "timeout", "open", "re", " ", "\n", "#", ")", "\\", ".", "=", "(", "update", "x", "'", ",")


def test_the_patterns_match_the_texts_they_matched_before():
    pairs = (
        (_OLD_CONFIG_UPDATE, dotenv_project._CONFIG_UPDATE),
        (_OLD_MAY_GIVE_WAIT, timeout_default._MAY_GIVE_WAIT),
        (_OLD_OPENER_CALL, open_gate._OPENER_CALL),
    )
    chooser = random.Random(28)
    for _ in range(20000):
        text = "".join(chooser.choice(_PIECES) for _ in range(chooser.randint(1, 14)))
        for old, new in pairs:
            assert (old.search(text) is None) == (new.search(text) is None), (old.pattern, text)
        assert starts_word(_OLD_OPENER_CALL, text) == starts_word(open_gate._OPENER_CALL, text), text
