"""An httpx client built from **settings: httpx bounds its calls whatever the settings say."""
import httpx


def fetch(url, settings):
    with httpx.Client(**settings) as client:
        first = client.get(url)
        second = client.get(url + "?page=2")
    return first.text + second.text
