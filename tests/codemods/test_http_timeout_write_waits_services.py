"""http-timeout: a write's wait is told by what the code shows of its method and its service (review 37).

Session 36 gave a POST, PUT, PATCH or DELETE a wait shorter than the option only where the code
gives that wait to a write. Two ways round it were left:

- ``requests.request(method, url)`` whose method is not a literal took a read's short wait, as if
  it were a GET. A method the code does not show is a possible write: it gets the option unless
  every value it can take (a literal, or each value the callers of a top-level function give its
  parameter) is a read (GET, HEAD, OPTIONS).
- A write wait of another module was borrowed whatever service it was for. How long one service
  takes to do what a write asks says nothing of another: the project's write wait is borrowed only
  from a write to the same host, where both URLs name one; else the write gets the option.
"""

from __future__ import annotations

from helpers import run_codemods

NAME = "http-timeout"


def _new(source, path="client.py", project=None):
    return run_codemods(source, NAME, path=path, project=project if project is not None else {}, dedent=False).new_text


METHOD_PASSED_ON = """\
import requests


def status(url):
    return requests.get(url, timeout=5).json()


def call_api(method, url, payload=None):
    return requests.request(method, url, json=payload)
"""


def test_a_request_of_a_method_passed_in_by_anyone_gets_the_option():
    new = _new(METHOD_PASSED_ON)
    assert "requests.request(method, url, json=payload, timeout=60)" in new
    assert "requests.get(url, timeout=5)" in new


def test_a_method_every_caller_gives_as_a_write_gets_the_option():
    source = METHOD_PASSED_ON + '\n\ndef save(url, payload):\n    return call_api("POST", url, payload)\n'
    assert "requests.request(method, url, json=payload, timeout=60)" in _new(source)


def test_a_method_every_caller_gives_as_a_read_keeps_the_read_s_wait():
    source = METHOD_PASSED_ON + '\n\ndef listing(url):\n    return call_api("get", url)\n\n\ndef probe(url):\n    return call_api("HEAD", url)\n'
    assert "requests.request(method, url, json=payload, timeout=5)" in _new(source)


def test_a_method_read_from_a_setting_is_a_possible_write():
    source = METHOD_PASSED_ON.replace("import requests\n", 'import os\n\nimport requests\n\nMETHOD = os.environ.get("HOOK_METHOD", "GET")\n').replace(
        "def call_api(method, url, payload=None):\n    return requests.request(method, url, json=payload)",
        "def hook(url, payload):\n    return requests.request(METHOD, url, json=payload)",
    )
    assert "requests.request(METHOD, url, json=payload, timeout=60)" in _new(source)


def test_a_session_request_of_a_method_not_shown_gets_the_option():
    source = """\
import requests

session = requests.Session()


def status(url):
    return session.get(url, timeout=5).json()


def call_api(verb, url):
    return session.request(verb.upper(), url)
"""
    assert "session.request(verb.upper(), url, timeout=60)" in _new(source)


SUBMIT = """\
import requests


def submit(payload):
    return requests.post("https://hooks.example.org/submit", json=payload).json()


def fetch(url):
    return requests.get(url).json()
"""


def _project_with(writes_elsewhere: str):
    return {"app/lookups.py": "import requests\n\n\ndef lookup(url):\n    return requests.get(url, timeout=5).json()\n\n\n" + writes_elsewhere}


def test_the_project_s_write_wait_to_the_same_host_is_borrowed():
    project = _project_with('def send(payload):\n    return requests.post("https://hooks.example.org/other", json=payload, timeout=5).ok\n')
    new = _new(SUBMIT, "app/client.py", project)
    assert 'requests.post("https://hooks.example.org/submit", json=payload, timeout=5)' in new


def test_the_project_s_write_wait_to_another_host_is_not_borrowed():
    project = _project_with('def send(payload):\n    return requests.post("https://api.other.example/send", json=payload, timeout=5).ok\n')
    new = _new(SUBMIT, "app/client.py", project)
    assert 'requests.post("https://hooks.example.org/submit", json=payload, timeout=60)' in new
    assert "requests.get(url, timeout=5)" in new  # the reads keep the project's wait


def test_the_project_s_write_wait_to_a_host_not_told_is_not_borrowed():
    project = _project_with("def send(url, payload):\n    return requests.delete(url, timeout=5).ok\n")
    new = _new(SUBMIT, "app/client.py", project)
    assert 'requests.post("https://hooks.example.org/submit", json=payload, timeout=60)' in new


def test_a_write_to_a_host_not_told_borrows_no_write_wait_of_the_project():
    project = _project_with('def send(payload):\n    return requests.post("https://hooks.example.org/other", json=payload, timeout=5).ok\n')
    source = "import requests\n\n\ndef submit(url, payload):\n    return requests.post(url, json=payload).json()\n\n\ndef fetch(url):\n    return requests.get(url).json()\n"
    new = _new(source, "app/client.py", project)
    assert "requests.post(url, json=payload, timeout=60)" in new


def test_the_module_s_write_wait_to_another_host_is_not_borrowed():
    source = """\
import requests


def status():
    return requests.get("https://hooks.example.org/status", timeout=4).json()


def ping():
    return requests.post("https://metrics.example.net/ping", timeout=4).ok


def submit(payload):
    return requests.post("https://hooks.example.org/submit", json=payload).json()
"""
    new = _new(source)
    assert 'requests.post("https://hooks.example.org/submit", json=payload, timeout=60)' in new
