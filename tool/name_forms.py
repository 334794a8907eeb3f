"""Names a text spells in another form than Python reads them.

Python reads every identifier in its NFKC form (PEP 3131): ``ｃｏｎｆｉｇ`` (fullwidth),
``𝐜𝐨𝐧𝐟𝐢𝐠`` (mathematical bold) and ``ﬁle`` (a ligature) are the names ``config`` and
``file``; ``café`` spelled with a combining accent is the name spelled with ``é``. The
codemods read LibCST's tree, which keeps every name as spelled, and compare spellings: in
such a text ``ｏｓ = "posix"`` does not shadow ``os`` for them, ``ｍｅｔｈｏｄｓ=["POST"]`` is no
``methods=``, and a rewrite built on those readings can break the program. Their gates read
the standard library's AST, which holds the names normalised, so gates and analyses would
not even agree. The engine leaves such a text unchanged and says why (``refusal``).

Only code counts: strings and comments may hold any character, and so may an f-string's
literal text (``f"用户{name}已存在！"``: the fullwidth ``！`` is text, not a name); its fields are
code. An f-string whose fields cannot be told apart from its text counts as code whole. A
text in NFKC form as a whole, every ASCII text among them, is settled by one C-level check;
only the others are tokenized.
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


# Python 3.12+ tokenizes an f-string: its literal text comes as tokens of this type
_F_STRING_TEXT = getattr(tokenize, "FSTRING_MIDDLE", None)


def _code_only(text: str) -> str:
    """``text`` with its comments, its strings and its f-strings' literal text blanked out
    (their lines kept)."""
    lines = io.StringIO(text).readlines()  # the lines the tokenizer reads
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    blanks: list[tuple[int, int]] = []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        begin = starts[token.start[0] - 1] + token.start[1]
        if token.type == tokenize.COMMENT or (token.type == _F_STRING_TEXT and _F_STRING_TEXT is not None):
            blanks.append((begin, starts[token.end[0] - 1] + token.end[1]))
        elif token.type == tokenize.STRING:
            spans = _f_string_text(token.string) if _is_f_string(token.string) else [(0, len(token.string))]
            blanks.extend((begin + start, begin + end) for start, end in spans or ())
    pieces, kept = [], 0
    for begin, end in blanks:
        pieces.append(text[kept:begin])
        pieces.append(" " + "\n" * text.count("\n", begin, end))
        kept = end
    pieces.append(text[kept:])
    return "".join(pieces)


def _is_f_string(token: str) -> bool:
    prefix = token[: len(token) - len(token.lstrip("rRbBuUfF"))]
    return "f" in prefix.lower()


def _f_string_text(token: str) -> list[tuple[int, int]] | None:
    """The spans of an f-string token (Python 3.11 and older: one STRING token) that are its
    literal text, outside every replacement field; None when the fields cannot be told apart
    (then the whole token counts as code). A field's quoted strings may hold braces."""
    body = len(token) - len(token.lstrip("rRbBuUfF"))
    quote = token[body : body + 3] if token[body : body + 3] in ('"""', "'''") else token[body]
    end = len(token) - len(quote)
    spans, index, depth, text_from = [], body + len(quote), 0, body + len(quote)
    while index < end:
        char = token[index]
        if depth == 0 and token[index : index + 2] in ("{{", "}}"):
            index += 2
        elif depth == 0 and char == "}":
            return None
        elif char == "{":
            if depth == 0:
                spans.append((text_from, index))
            depth, index = depth + 1, index + 1
        elif depth and char == "}":
            depth, index = depth - 1, index + 1
            text_from = index if depth == 0 else text_from
        elif depth and char in "'\"":
            closing = token.find(char, index + 1, end)
            if closing < 0:
                return None
            index = closing + 1
        else:
            index += 1
    if depth:
        return None
    spans.append((text_from, end))
    return [(start, stop) for start, stop in spans if start < stop]
