"""A wrapper passing its own **kwargs on gets a default timeout its callers can still
override; *args may carry the timeout positionally: refused, with a finding."""
from urllib.request import urlopen

import requests


def call_api(url, **options):
    return requests.get(url, **options)


def call_positional(*args):
    return urlopen(*args).read()


def call_forever(url):
    # an explicit None turns the timeout off on purpose: reported, not changed
    return requests.post(url, json={}, timeout=None)
