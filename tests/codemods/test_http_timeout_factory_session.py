"""http-timeout: a session another library's factory makes is reported, not changed.

oceanprotocol/brizo proxies downloads through ``requests_session = get_requests_session()``
from ``ocean_utils.http_requests.requests_session``: what that factory returns (a requests
Session? with a default timeout of its own?) cannot be read without installing it, so no
``timeout=`` is written; each request made through it with no timeout gets a finding naming
the factory, where before it got nothing at all.
"""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

BRIZO = """
from flask import Blueprint, request
from ocean_utils.http_requests.requests_session import get_requests_session

services = Blueprint("services", __name__)
requests_session = get_requests_session()


def endpoint():
    return request.args["url"]


@services.route("/consume")
def consume():
    url = request.args["url"]
    response = requests_session.get(endpoint(), stream=True)
    requests_session.post(url, json={{}}{timeout})
    return response.content
"""


def test_each_request_through_the_factory_session_gets_a_finding_and_no_change():
    source = BRIZO.format(timeout="")
    result = run_codemods(source, NAME)
    assert result.new_text == run_codemods(source, NAME, options=None).new_text
    assert "timeout=" not in result.new_text
    messages = finding_messages(result)
    assert len(messages) == 2
    assert all("ocean_utils.http_requests.requests_session.get_requests_session()" in m for m in messages)


def test_a_call_that_passes_its_own_timeout_is_not_reported():
    result = run_codemods(BRIZO.format(timeout=", timeout=5"), NAME)
    assert len(finding_messages(result)) == 1


@pytest.mark.parametrize(
    "imported",
    [
        "from myapp.db import get_session as get_requests_session",
        "from sqlalchemy.orm import scoped_session as get_requests_session",
    ],
)
def test_a_factory_whose_name_says_no_requests_session_is_not_one(imported):
    source = BRIZO.format(timeout="").replace(
        "from ocean_utils.http_requests.requests_session import get_requests_session", imported
    )
    assert not any("a factory not read here" in m for m in finding_messages(run_codemods(source, NAME)))


HARVESTER = """
import sys
import time

from requests.exceptions import ChunkedEncodingError

from .harvest_common import HarvestState, requests_retry_session


def fetch_date(url, params):
    http_session = requests_retry_session()
    while True:
        try:
            http_resp = http_session.get(url, params=params)
        except ChunkedEncodingError as e:
            print(e, file=sys.stderr)
            time.sleep(30.0)
            continue
        return http_resp.json()
"""


def test_a_factory_of_another_module_of_the_project_is_one_not_read_here_too():
    # fatcat's DOI harvesters: ``from .harvest_common import requests_retry_session``, a
    # function of the project's own package (it mounts a retrying adapter on a Session and
    # sets no timeout). That module is not read from here any more than another library is:
    # the request through it gets the same finding, where before it got nothing at all.
    message = _the_one_finding(HARVESTER, "fatcat_tools/harvest/doi_registrars.py")
    assert "http_session comes from .harvest_common.requests_retry_session()" in message, message


def _the_one_finding(source: str, path: str) -> str:
    """The only finding of ``source`` at ``path``, which is left as it is: a factory not read here."""
    result = run_codemods(source, NAME, path=path)
    assert result.new_text == source
    messages = finding_messages(result)
    assert len(messages) == 1 and "a factory not read here" in messages[0], messages
    return messages[0]


MERGER = """
from fatcat_tools.harvest.harvest_common import requests_retry_session


class ContainerMerger:
    def __init__(self, api):
        self.api = api
        self.http_session = requests_retry_session(status_forcelist=[429, 500, 502, 504])

    def stats(self, ident):
        resp = self.http_session.get(f"https://fatcat.wiki/container/{ident}/stats.json")
        resp.raise_for_status()
        return resp.json()
"""


def test_an_attribute_the_class_fills_from_such_a_factory_is_reported_too():
    # fatcat's container merger keeps the project's factory session in ``self.http_session``
    # (the module imports no requests): its GET got nothing; now the finding names the factory.
    message = _the_one_finding(MERGER, "fatcat_tools/mergers/containers.py")
    assert "self.http_session comes from fatcat_tools.harvest.harvest_common.requests_retry_session()" in message, message
