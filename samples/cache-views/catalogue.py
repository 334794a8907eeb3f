"""The samples' catalogue: pure functions the cache-views samples call; the codemod reads
this module to see that they are read-only and deterministic."""

ITEMS = ("apple", "banana", "cherry")


def count_items():
    return len(ITEMS)


def find(item_id):
    return ITEMS[item_id] if 0 <= item_id < len(ITEMS) else None


def search(text):
    return [item for item in ITEMS if text in item]
