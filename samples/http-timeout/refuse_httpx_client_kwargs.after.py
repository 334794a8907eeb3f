"""An httpx client built from **settings may have its own timeout: its calls are refused."""
import httpx


def fetch(url, settings):
    with httpx.Client(**settings) as client:
        first = client.get(url)
        second = client.get(url + "?page=2")
    return first.text + second.text
