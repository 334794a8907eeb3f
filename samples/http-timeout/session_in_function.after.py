"""A requests.Session created in a function and never closed: a with-block, to its last use."""
import requests
from requests import Session


def sync_orders(api, token, orders):
    # one session: keep-alive across the loop
    with requests.Session() as session:  # pooled connections
        session.headers["Authorization"] = f"Bearer {token}"
        session.verify = False

        for order in orders:
            session.post(f"{api}/orders", json=order, timeout=60)

        stats = session.get(f"{api}/stats", timeout=60).json()
    log_stats(stats)
    return stats


def first_ok(urls):
    with Session() as s:
        for url in urls:
            if s.head(url, timeout=60).ok:
                return url
    return None


def two_sessions(a, b):
    with requests.Session() as left:
        with requests.Session() as right:
            x = left.get(a, timeout=60).text
            y = right.get(b, timeout=60).text
    return x + y


def log_stats(stats):
    print(stats)
