"""Module-level requests functions, however they are imported."""
import requests
import requests as rq
from requests import get, post as send


def user(user_id):
    return requests.get(f"https://api.example.com/users/{user_id}", timeout=60).json()


def create(payload):
    response = rq.post("https://api.example.com/items", json=payload, timeout=60)
    response.raise_for_status()
    return response


def search(term):
    return get("https://api.example.com/search", params={"q": term}, timeout=60)


def notify(hook, message):
    send(
        hook,
        json={"text": message},  # Slack-style payload
        timeout=60,
    )


def upload(url, data):
    return requests.put(url,
                        data=data,
                        headers={"Content-Type": "text/plain"},
                        timeout=60)


def remove(url):
    return requests.request(
        "DELETE",
        url,
        timeout=60
    )


def probe(url):
    return requests.head(url, timeout=60).ok and requests.options(url, timeout=60).ok
