"""Names a text spells in another form than Python reads them.

Python reads every identifier in its NFKC form (PEP 3131): ``ｃｏｎｆｉｇ`` (fullwidth),
``𝐜𝐨𝐧𝐟𝐢𝐠`` (mathematical bold) and ``ﬁle`` (a ligature) are the names ``config`` and
``file``; ``café`` spelled with a combining accent is the name spelled with ``é``. The
codemods read LibCST's tree, which keeps every name as spelled, and compare spellings: in
such a text ``ｏｓ = "posix"`` does not shadow ``os`` for them, ``ｍｅｔｈｏｄｓ=["POST"]`` is no
``methods=``, and a rewrite built on those readings can break the program. Their gates read
the standard library's AST, which holds the names normalised, so gates and analyses would
not even agree. The engine leaves such a text unchanged and says why (``refusal``).

Only code counts: strings and comments may hold any character (an f-string's fields are
code: an f-string counts as code). A text in NFKC form as a whole, every ASCII text among
them, is settled by one C-level check; only the others are tokenized.
"""

from __future__ import annotations

import io
import re
import tokenize
import unicodedata


# a run of characters that may stand in a name (letters, digits, combining marks ...)
_WORD = re.compile(r"[\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_NAMES_SPELLED = "and the codemods compare names as spelled; file left unchanged"


def refusal(text: str) -> str | None:
    """The one-line reason to leave ``text`` unchanged, or None when every name in it reads
    as spelled (see the module's docstring)."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return None
    try:
        code = _code_only(text)
    except (tokenize.TokenError, SyntaxError):
        return f"the text is not in NFKC form and does not tokenize: a name may read as another, {_NAMES_SPELLED}"
    for number, line in enumerate(code.split("\n"), start=1):
        if not unicodedata.is_normalized("NFKC", line):
            word = next((w for w in _WORD.findall(line) if not unicodedata.is_normalized("NFKC", w)), line.strip())
            read = unicodedata.normalize("NFKC", word)
            return f"{number}: {word!r} is spelled in a form Python reads as {read!r} (NFKC), {_NAMES_SPELLED}"
    return None


def _code_only(text: str) -> str:
    """``text`` with its comments and its strings but f-strings blanked out (their lines kept)."""
    lines = io.StringIO(text).readlines()  # the lines the tokenizer reads
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    pieces, kept = [], 0
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT or (token.type == tokenize.STRING and not _is_f_string(token.string)):
            begin = starts[token.start[0] - 1] + token.start[1]
            end = starts[token.end[0] - 1] + token.end[1]
            pieces.append(text[kept:begin])
            pieces.append(" " + "\n" * text.count("\n", begin, end))
            kept = end
    pieces.append(text[kept:])
    return "".join(pieces)


def _is_f_string(token: str) -> bool:
    prefix = token[: len(token) - len(token.lstrip("rRbBuUfF"))]
    return "f" in prefix.lower()
