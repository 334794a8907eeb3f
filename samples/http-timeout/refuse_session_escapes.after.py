"""Sessions that leave the function, or may: not put in a with-block (findings)."""
import requests

T = 10


def make_session(token):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    return session


class Client:
    def __init__(self):
        s = requests.Session()
        self.session = s


def crawl(urls):
    s = requests.Session()
    return fetch_all(s, urls)


def lazy_pages(urls):
    s = requests.Session()
    return (s.get(url, timeout=T) for url in urls)


def callback(url):
    s = requests.Session()
    return lambda: s.get(url, timeout=T)


def bound_method(url):
    s = requests.Session()
    fetch = s.get
    return fetch(url, timeout=T)


def maybe_pooled(url, pooled):
    session = requests
    if pooled:
        session = requests.Session()
    return session.get(url, timeout=T)


def loop(urls):
    for url in urls:
        if url:
            s = requests.Session()
        s.get(url, timeout=T)


def fetch_all(session, urls):
    CRAWLERS.append(session)  # keeps it: the caller cannot close it
    return [session.get(url, timeout=T) for url in urls]


CRAWLERS = []
