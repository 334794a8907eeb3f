"""The timeout may come from **kwargs or *args: refused, with a finding."""
from urllib.request import urlopen

import requests


def call_api(url, **options):
    print("calling", url, options)  # sees them: no default timeout can be added unseen
    return requests.get(url, **options)


def call_positional(*args):
    return urlopen(*args).read()


def call_forever(url):
    # an explicit None turns the timeout off on purpose: reported, not changed
    return requests.post(url, json={}, timeout=None)
