"""How a secret that dotenv-config moves to ``.env`` is spelled in source code: what a diff
must mask where the value leaves the code. Plain text, no LibCST: the command line masks a
diff with it (tool/diffs.py) without importing the codemods."""

from __future__ import annotations

_MIN_LINE = 3  # shorter lines of a multi-line secret reveal nothing worth hiding
_MIN_ITEM = 8  # items of a secret list shorter than this cannot be masked without masking code


def _escaped_bodies(literal: str) -> list[str]:
    """The body of ``literal`` (a repr) as Python writes it between single and double quotes."""
    start = literal.index(literal[-1])
    quote, body = literal[-1], literal[start + 1 : -1]
    other = '"' if quote == "'" else "'"
    return [body, body.replace("\\" + quote, quote).replace(other, "\\" + other)]


def secret_spellings(value: str) -> list[str]:
    """Every way a secret's value shows in source code, for masking it in a diff: the value,
    its Python-escaped forms (str and bytes, either quote), and for a multi-line or
    comma-separated value its pieces."""
    spellings = {value}
    spellings.update(_escaped_bodies(repr(value)))
    for encoding in ("latin-1", "utf-8"):
        try:
            spellings.update(_escaped_bodies(repr(value.encode(encoding))))
        except UnicodeEncodeError:
            pass
    if "\n" in value:  # a triple-quoted literal: each of its lines
        spellings.update(line for line in value.split("\n") if len(line.strip()) >= _MIN_LINE)
    if "," in value:  # the items of a list
        spellings.update(item for item in value.split(",") if len(item) >= _MIN_ITEM)
    return sorted((s for s in spellings if s), key=len, reverse=True)
