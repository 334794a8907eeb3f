"""Names that look like HTTP calls but are not: nothing to do."""
import requests


def get(url):
    return f"cached {url}"


def lookup(cache, key):
    # dict.get and a local function called get: no timeout parameter there
    return cache.get(key) or get(key)


def with_local_session():
    requests = {"get": lambda url: url}  # a local name shadows the module
    return requests["get"]("x")


def not_a_session(url):
    session = {}
    session = make_client()
    return session.get(url)


def make_client():
    return requests
