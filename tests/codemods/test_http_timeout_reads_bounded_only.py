"""http-timeout: a module that bounds every read it sends and none of its changing requests.

Scout (Clinical-Genomics, a clinical variant browser) gives each GET of its request helpers a
20 s ``TIMEOUT`` and has left its POST and DELETE helpers without one for years: those submit a
patient to MatchMaker, which matches it before it answers, or add a case's variants to a
Beacon. The module's wait was written on the POSTs too (20 s): a match run past it showed an
error while the server went on with the submission. The module's reads say nothing of that work:
its changing requests are left, with a finding. Where the module bounds a changing request too,
has a single read, or a single changing request, its waits are read as before (a write borrows
no read's wait shorter than the option: _http_timeout_write_waits).
"""

from __future__ import annotations

from helpers import finding_messages, run_codemods
from slow_upstream import SlowUpstream, run_against

NAME = "http-timeout"

HELPERS = """\
import logging
import urllib.request

import requests

LOG = logging.getLogger(__name__)
TIMEOUT = 20


def post_request_json(url, data, headers=None):
    json_response = {}
    try:
        if headers:
            resp = requests.post(url, headers=headers, json=data)
        else:
            resp = requests.post(url, json=data)
        json_response["content"] = resp.json()
    except Exception as ex:
        return {"message": f"An error occurred while sending a POST request to url {url} -> {ex}"}
    json_response["status_code"] = resp.status_code
    return json_response


def get_request_json(url, headers=None):
    json_response = {}
    try:
        if headers:
            resp = requests.get(url, timeout=TIMEOUT, headers=headers)
        else:
            resp = requests.get(url, timeout=TIMEOUT)
        json_response["content"] = resp.json()
    except Exception as ex:
        return {"message": f"An error occurred while sending a GET request to url {url} -> {ex}"}
    return json_response


def delete_request_json(url, headers=None):
    try:
        resp = requests.delete(url, headers=headers)
        return {"content": resp.json()}
    except Exception as ex:
        return {"message": str(ex)}


def fetch_resource(url):
    return urllib.request.urlopen(url, timeout=TIMEOUT).read()


def submit_patient(url, patient):
    return post_request_json(url, {"patient": patient})
"""

ONE_READ = """\
import requests


def status(url):
    return requests.get(url, timeout=20).json()


def submit(url, payload):
    return requests.post(url, json=payload).json()
"""

BOTH_BOUNDED = """\
import requests


def status(url):
    return requests.get(url, timeout=20).json()


def listing(url):
    return requests.get(url + "/all", timeout=20).json()


def ping(url):
    return requests.post(url + "/ping", json={}, timeout=20).json()


def submit(url, payload):
    return requests.post(url, json=payload).json()
"""


def _result(source, path="scout/utils/scout_requests.py"):
    return run_codemods(source, NAME, path=path, project={}, dedent=False)


def test_changing_requests_of_a_module_that_bounds_only_its_reads_are_left_with_a_finding():
    result = _result(HELPERS)
    assert result.new_text == HELPERS
    left = [m for m in finding_messages(result) if "reads a timeout and none of its" in m]
    assert len(left) == 3, finding_messages(result)


def test_a_patient_whose_matching_takes_thirty_seconds_is_still_submitted(monkeypatch):
    new = _result(HELPERS).new_text
    answer = run_against(monkeypatch, SlowUpstream(30, {"matches": 2}), new, "submit_patient", "http://mme/patient/add", {"id": "p1"})
    assert answer == {"content": {"matches": 2}, "status_code": 200}


def test_a_single_bounded_read_is_no_such_choice_and_its_wait_no_write_s():
    result = _result(ONE_READ, "client.py")
    assert "requests.post(url, json=payload, timeout=60)" in result.new_text  # _http_timeout_write_waits
    assert not any("reads a timeout and none of its" in m for m in finding_messages(result))


def test_a_module_that_bounds_a_post_too_gives_its_other_post_the_wait():
    result = _result(BOTH_BOUNDED, "client.py")
    assert "requests.post(url, json=payload, timeout=20)" in result.new_text
    assert not any("reads a timeout and none of its" in m for m in finding_messages(result))


def test_a_single_unbounded_post_beside_bounded_reads_is_no_such_choice_and_gets_the_option():
    source = ONE_READ.replace("def submit", "def listing(url):\n    return requests.get(url + '/all', timeout=20).json()\n\n\ndef submit")
    result = _result(source, "client.py")
    assert "requests.post(url, json=payload, timeout=60)" in result.new_text  # no write is given the reads' 20 s
    assert not any("reads a timeout and none of its" in m for m in finding_messages(result))
