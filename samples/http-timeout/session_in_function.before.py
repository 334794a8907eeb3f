"""A requests.Session created in a function and never closed: a with-block, to its last use."""
import requests
from requests import Session


def sync_orders(api, token, orders):
    # one session: keep-alive across the loop
    session = requests.Session()  # pooled connections
    session.headers["Authorization"] = f"Bearer {token}"
    session.verify = False

    for order in orders:
        session.post(f"{api}/orders", json=order)

    stats = session.get(f"{api}/stats").json()
    log_stats(stats)
    return stats


def first_ok(urls):
    s = Session()
    for url in urls:
        if s.head(url).ok:
            return url
    return None


def two_sessions(a, b):
    left = requests.Session()
    right = requests.Session()
    x = left.get(a).text
    y = right.get(b).text
    return x + y


def log_stats(stats):
    print(stats)
