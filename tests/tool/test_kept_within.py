"""tool/kept_within.py: a memo kept within a size drops everything at once when full, and never
keeps an entry larger than its largest."""

from __future__ import annotations

from flask_codemod.kept_within import KeptWithin


def test_past_the_limit_everything_kept_so_far_is_dropped() -> None:
    memo: KeptWithin[str, int] = KeptWithin(limit=10, largest=10)
    memo.keep("a", 1, 4)
    memo.keep("b", 2, 4)
    assert (memo.get("a"), memo.get("b")) == (1, 2)
    memo.keep("c", 3, 4)  # 12 > 10: a and b go, c stays
    assert (memo.get("a"), memo.get("b"), memo.get("c")) == (None, None, 3)


def test_an_entry_larger_than_the_largest_is_not_kept_and_drops_nothing() -> None:
    memo: KeptWithin[str, int] = KeptWithin(limit=100, largest=5)
    memo.keep("small", 1, 5)
    memo.keep("large", 2, 6)
    assert (memo.get("small"), memo.get("large")) == (1, None)
    memo.clear()
    assert memo.get("small") is None
