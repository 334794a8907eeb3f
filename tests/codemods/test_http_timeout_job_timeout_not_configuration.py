"""http-timeout: a job queue's ``timeout=`` (rq-scheduler's ``schedule(..., timeout=job['timeout'])``,
read from the job's own dict) bounds how long a background job may run. It is no wait the
project reads for its HTTP calls from its configuration, so it must not stop the codemod
from bounding the project's unbounded requests calls (pybossa's 21 calls left alone, with a
finding that says the project reads its timeouts from its configuration, at pybossa/jobs.py)."""

from __future__ import annotations

from helpers import run_codemods

NAME = "http-timeout"

JOBS = """\
from rq_scheduler import Scheduler


def schedule_job(function, scheduler):
    scheduler.schedule(func=function['name'], args=function['args'], interval=function['interval'],
                       timeout=function['timeout'])
"""

CLIENT = """\
import requests


def project_names(url):
    r = requests.get(url)
    return [p['name'] for p in r.json()]
"""


def test_a_job_timeout_does_not_keep_requests_calls_unbounded():
    result = run_codemods(CLIENT, NAME, path="app/client.py", project={"app/jobs.py": JOBS}, dedent=False)
    assert "requests.get(url, timeout=" in result.new_text
    assert not any("reads its timeouts from its configuration" in finding.message for finding in result.findings)


def test_without_the_job_module_the_call_is_bounded():
    """The same client alone gets its bound: the job module is what holds it back."""
    result = run_codemods(CLIENT, NAME, path="app/client.py", project={}, dedent=False)
    assert "requests.get(url, timeout=" in result.new_text
