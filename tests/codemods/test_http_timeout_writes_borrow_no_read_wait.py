"""http-timeout: a request that writes does not borrow a short wait the project gives only to reads.

An OSM editor's OAuth module gave its one GET (the user's details) 4 s and left its PUT helper
(changesets opened and closed, elements saved) without a timeout; the module's 4 s was written on
the PUT. A write whose timeout fires after the server accepted it leaves its outcome unknown (the
edit saved, the app reports a failure, a retry conflicts), and how soon a read answers says
nothing of how long a write takes. So a POST, PUT, PATCH or DELETE gets a wait shorter than the
option only where the module (or, for the project's wait, the project) gives that wait to a write
of its own; else the option's, as any call of a project that names no wait.
"""

from __future__ import annotations

from helpers import run_codemods

NAME = "http-timeout"

PUT_HELPER = """\
import requests

API = "https://api.example.org/api/0.6"


def api_request(path):
    return requests.get(API + path, timeout=4).json()


def api_put_request(path, **kwargs):
    return requests.request("PUT", API + path, **kwargs)
"""

POST_BESIDE_GET = """\
import requests


def status(url):
    return requests.get(url, timeout=5).json()


def submit(url, payload):
    return requests.post(url, json=payload).json()
"""

WRITE_BESIDE_TIMED_WRITE = """\
import requests


def status(url):
    return requests.get(url, timeout=4).json()


def save(url, payload):
    return requests.put(url, json=payload, timeout=10).json()


def submit(url, payload):
    return requests.post(url, json=payload).json()


def listing(url):
    return requests.get(url)
"""

SHORT_WRITE = """\
import requests


def status(url):
    return requests.get(url, timeout=5).json()


def ping(url):
    return requests.post(url, json={}, timeout=5).json()


def submit(url, payload):
    return requests.post(url, json=payload).json()
"""

UNTIMED_MODULE = """\
import requests


def submit(url, payload):
    return requests.post(url, json=payload).json()


def fetch(url):
    return requests.get(url).json()
"""

READS_ELSEWHERE = """\
import requests


def lookup(url):
    return requests.get(url, timeout=5).json()
"""


def _new(source, path="client.py", project=None):
    return run_codemods(source, NAME, path=path, project=project if project is not None else {}, dedent=False).new_text


def test_a_put_helper_handing_its_keywords_on_gets_the_option_not_the_get_s_wait():
    new = _new(PUT_HELPER)
    assert 'kwargs.setdefault("timeout", 60)' in new
    assert "timeout=4" in new  # the GET's own wait stays


def test_a_post_beside_a_five_second_get_gets_the_option():
    assert "requests.post(url, json=payload, timeout=60)" in _new(POST_BESIDE_GET)


def test_a_write_beside_a_write_given_its_own_wait_borrows_it_and_reads_keep_theirs():
    new = _new(WRITE_BESIDE_TIMED_WRITE)
    assert "requests.post(url, json=payload, timeout=10)" in new
    assert "requests.get(url, timeout=10)" in new


def test_a_wait_the_module_gives_a_write_may_be_shorter_than_the_option():
    assert "requests.post(url, json=payload, timeout=5)" in _new(SHORT_WRITE)


def test_the_project_s_read_wait_is_not_a_write_s_but_its_reads_still_get_it():
    new = _new(UNTIMED_MODULE, "app/client.py", {"app/lookups.py": READS_ELSEWHERE})
    assert "requests.post(url, json=payload, timeout=60)" in new
    assert "requests.get(url, timeout=5)" in new


def test_the_project_s_wait_given_to_a_write_elsewhere_is_borrowed_only_for_its_host():
    # review 37: a write wait of another module is another service's unless both URLs name one
    # host (tests/codemods/test_http_timeout_write_waits_services.py)
    elsewhere = READS_ELSEWHERE + "\n\ndef send(url):\n    return requests.delete(url, timeout=5).ok\n"
    new = _new(UNTIMED_MODULE, "app/client.py", {"app/lookups.py": elsewhere})
    assert "requests.post(url, json=payload, timeout=60)" in new
    hosted = READS_ELSEWHERE + '\n\ndef send():\n    return requests.delete("https://api.example.org/x", timeout=5).ok\n'
    source = UNTIMED_MODULE.replace("requests.post(url,", 'requests.post("https://api.example.org/y",')
    new = _new(source, "app/client.py", {"app/lookups.py": hosted})
    assert 'requests.post("https://api.example.org/y", json=payload, timeout=5)' in new
