"""codemods/_cache_views_catalog.py: ``named_reason`` (a lookup of a name's dotted prefixes,
memoised) gives what trying every prefix of NAMED_REASONS in order gives."""

from __future__ import annotations

from flask_codemod.codemods._cache_views_catalog import NAMED_REASONS, Problem, named_reason, short_name


def _by_scan(qualified: str) -> Problem | None:
    """The plain rule: the first prefix that is the name, or ends where a dot of it is."""
    for prefix, (category, reason) in NAMED_REASONS:
        if qualified == prefix or qualified.startswith(prefix + "."):
            kept = ".".join(qualified.split(".")[: max(len(prefix.split(".")), 2)])
            return Problem(category, reason.format(short=short_name(kept)))
    return None


def _names() -> list[str]:
    names = {"", ".", "..", "os", "os.path.join", "builtins.print", "flask.request.args", "random"}
    for prefix, _ in NAMED_REASONS:
        parts = prefix.split(".")
        names.update({prefix, prefix + ".x", prefix + ".x.y", prefix + "x", prefix[:-1], "." + prefix, prefix + "."})
        names.update(".".join(parts[:i]) for i in range(1, len(parts)))
        names.update(".".join(parts[:i]) + ".other" for i in range(1, len(parts)))
    return sorted(names)


def test_named_reason_is_the_first_prefix_in_order():
    names = _names()
    assert len(names) > 500 and sum(_by_scan(name) is not None for name in names) > 200
    for name in names:
        assert named_reason(name) == _by_scan(name), name
    for name in names[::-1]:  # memoised: the same answers again
        assert named_reason(name) == _by_scan(name), name


def test_a_longer_prefix_listed_first_wins_over_a_shorter_one_listed_later():
    places = {prefix: place for place, (prefix, _) in reversed(list(enumerate(NAMED_REASONS)))}
    pairs = [(a, b) for a in places for b in places if b.startswith(a + ".")]
    assert pairs  # the catalogue has nested prefixes: the order among them matters
    for shorter, longer in pairs:
        assert named_reason(longer + ".attr") == _by_scan(longer + ".attr")
