"""http-timeout: a request that pays, and a proxy's request that serves every remote method.

lnbits (Sep 2020) sends ``pay_invoice`` to a Lightning node that answers once the payment has
settled, minutes later at times; a 60 s timeout made the wallet give up while the payment went
on, and the pending payment was never recorded as paid (its maintainers later made every pay
call wait without limit). Spark's wallet posts every JSON-RPC method, ``pay`` among them,
through one call in ``__getattr__``. Both are left, with a finding; the wallet's other
requests (an invoice, a status read, a read inside the paying function) are bounded as before.
"""

from __future__ import annotations

from helpers import finding_messages, run_codemods
from slow_upstream import SlowUpstream, run_against

NAME = "http-timeout"

WALLET = """
from requests import get, post


class NodeWallet:
    endpoint = "https://node.example"

    def create_invoice(self, amount):
        r = post(url=f"{self.endpoint}/v1/invoices", json={"value": amount})
        return r.json()

    def pay_invoice(self, bolt11):
        r = post(url=f"{self.endpoint}/v1/channels/transactions", json={"payment_request": bolt11})
        return r.json()

    def withdrawal_status(self, bolt11):
        return get(url=f"{self.endpoint}/v1/payreq/{bolt11}").json()

    def get_payment_status(self, checking_id):
        return get(url=f"{self.endpoint}/v1/payments/{checking_id}").json()

    def upload_payload(self, payload):
        return post(url=f"{self.endpoint}/v1/payload", json=payload).json()


def pay(bolt11):
    return NodeWallet().pay_invoice(bolt11)


def invoice(amount):
    return NodeWallet().create_invoice(amount)
"""

PROXY = """
import requests


class RpcWallet:
    url = "https://spark.example/rpc"

    def __getattr__(self, key):
        def call(*args, **kwargs):
            r = requests.post(self.url, json={"method": key, "params": args or kwargs})
            return r.json()

        return call

    def pay_invoice(self, bolt11):
        return self.pay(bolt11)


class Lazy:
    def __getattr__(self, key):
        return requests.post("https://config.example/load").json()


def pay(bolt11):
    return RpcWallet().pay_invoice(bolt11)
"""


def test_the_paying_request_is_left_with_a_finding_the_others_are_bounded():
    result = run_codemods(WALLET, NAME)
    text = result.new_text
    assert 'r = post(url=f"{self.endpoint}/v1/channels/transactions", json={"payment_request": bolt11})\n' in text
    assert 'get(url=f"{self.endpoint}/v1/payreq/{bolt11}", timeout=60)' in text  # a read in a function named for paying
    assert 'json={"value": amount}, timeout=60)' in text
    assert 'get(url=f"{self.endpoint}/v1/payments/{checking_id}", timeout=60)' in text
    assert "json=payload, timeout=60)" in text  # "payload" is no word for paying
    assert any("pay_invoice()" in m and "payment goes on" in m for m in finding_messages(result))


def test_a_payment_that_settles_late_is_recorded(monkeypatch):
    """The node answers after 2 s, beyond a 1 s option: the payment left still gets its answer."""
    rewritten = run_codemods(WALLET, NAME, options={NAME: {"timeout": 1}}).new_text
    paid = run_against(monkeypatch, SlowUpstream(delay=2, answer={"payment_hash": "h"}), rewritten, "pay", "lnbc1")
    assert paid == {"payment_hash": "h"}, paid
    invoice = run_against(monkeypatch, SlowUpstream(delay=2), rewritten, "invoice", 10)
    assert type(invoice).__name__ == "ReadTimeout"  # an invoice request is bounded as before


def test_a_proxy_of_every_remote_method_is_left(monkeypatch):
    result = run_codemods(PROXY, NAME, options={NAME: {"timeout": 1}})
    text = result.new_text
    assert 'requests.post(self.url, json={"method": key, "params": args or kwargs})\n' in text
    assert 'requests.post("https://config.example/load", timeout=1)' in text  # the method is not sent
    assert any("__getattr__" in m and "'key'" in m for m in finding_messages(result))
    upstream = SlowUpstream(delay=2, answer={"payment_hash": "h"})
    assert run_against(monkeypatch, upstream, text, "pay", "lnbc1") == {"payment_hash": "h"}
