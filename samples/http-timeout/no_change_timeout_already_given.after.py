"""Every call here already has a timeout: nothing to do."""
import urllib.request

import httpx
import requests

API = "https://api.example.com"
TIMEOUT = (3.05, 27)


def fetch_user(user_id):
    return requests.get(f"{API}/users/{user_id}", timeout=TIMEOUT).json()


def fetch_page(url):
    # urlopen(url, data, timeout): the timeout is the third positional argument
    with urllib.request.urlopen(url, None, 15) as response:
        return response.read()


def fetch_raw(session_url):
    with requests.Session() as session:
        # Session.request(method, url, params, data, headers, cookies, files, auth, timeout)
        return session.request("GET", session_url, None, None, None, None, None, None, 5)


def fetch_fast(url):
    with httpx.Client(timeout=2.0) as client:
        return client.get(url).text
