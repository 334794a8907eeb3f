"""http-timeout: a parameter named like a session, in a top-level function every call of which
(in its module, and nowhere else in the project) hands it a requests Session the code proves,
holds one: its request calls get a timeout instead of a finding."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

SOURCE = """
import requests


def order_status(session, base, number):
    answer = session.get(f"{base}/orders/{number}")
    return answer.json()["status"]


class Shop:
    def __init__(self, base):
        self.base = base
        self.session = requests.Session()

    def status(self, number):
        return order_status(self.session, self.base, number=number)

    def statuses(self, numbers):
        return [order_status(session=self.session, base=self.base, number=n) for n in numbers]
"""


def run(source=SOURCE, others=None):
    return run_codemods(source, NAME, path="shop/api.py", project={"shop/__init__.py": "", **(others or {})})


def test_the_parameter_every_caller_hands_a_session_gets_a_timeout():
    result = run()
    assert 'session.get(f"{base}/orders/{number}", timeout=60)' in result.new_text
    assert finding_messages(result) == []


def test_a_caller_handing_something_else_keeps_the_finding():
    source = SOURCE + "\n\ndef lookup(client):\n    return order_status(client, 'https://shop.example', 1)\n"
    result = run(source)
    assert 'session.get(f"{base}/orders/{number}")' in result.new_text
    assert any("cannot tell that session is a requests Session" in m for m in finding_messages(result))


def test_so_does_a_function_named_elsewhere_in_the_project():
    test = "from shop.api import order_status\n\n\ndef test_status(fake_session):\n    order_status(fake_session, 'b', 1)\n"
    result = run(others={"tests/test_api.py": test})
    assert 'session.get(f"{base}/orders/{number}")' in result.new_text


def test_or_a_session_that_mounts_an_adapter_of_its_own():
    source = SOURCE.replace(
        "        self.session = requests.Session()\n",
        "        self.session = requests.Session()\n        self.session.mount('https://', TimeoutAdapter())\n",
    )
    result = run(source)
    assert 'session.get(f"{base}/orders/{number}")' in result.new_text
