"""The digests of texts read lately (tool/cache_reads.py records each read with its digest).

A project's modules are read for each of its files, and tool/file_texts.py gives the same text
as the same string: its digest is computed once while the text is kept here.
"""

from __future__ import annotations

import hashlib

from .kept_within import KeptWithin

_DIGESTS_CHARS = 16_000_000  # the texts kept in all; past it, those kept so far are dropped
_digests: KeptWithin[str, str] = KeptWithin(_DIGESTS_CHARS, _DIGESTS_CHARS // 8)


def text_digest(text: str | None) -> str | None:
    if text is None:
        return None
    digest = _digests.get(text)
    if digest is None:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        _digests.keep(text, digest, len(text))
    return digest


def forget_text_digests() -> None:
    """Drop the digests kept of the texts read lately."""
    _digests.clear()
