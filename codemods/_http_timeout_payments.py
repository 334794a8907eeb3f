"""http-timeout: a request that pays, and a request that serves every method of a remote service.

A read timeout does not stop what the server was asked to do: the client gives up and the
server goes on. For a payment that is money moved while the caller sees an error: lnbits'
wallets (Sep 2020) send ``pay_invoice`` to a Lightning node (LND's REST ``/v1/channels/transactions``,
lntxbot's ``/payinvoice``, another LNbits' ``/api/v1/payments``), which answers when a route has
settled the payment, minutes later at times; the caller keeps the payment as pending and never
records it as paid. Its maintainers later let every such call wait without limit
(``timeout=None``, after tries at 40 to 180 s). So a request that changes something (``post``,
``put``, ``patch``, a ``request()`` of such a method) made in a function named for paying is left,
with a finding: its name, or that of a function it is defined in, holds the word ``pay``,
``withdraw``, ``withdrawal`` or ``payout`` (``pay_invoice``, ``payInvoice``, ``withdraw_funds``), or
``payment`` with ``send``, ``make``, ``execute`` or ``submit`` (``send_payment``). Names are split
into words on non-letters and case changes and compared whole (``payload`` and ``paypal`` are not
``pay``). A request that only reads (``get``) in such a function is bounded as usual.

The same holds for a request made by a proxy of a remote service's methods: a function defined in
a class's ``__getattr__`` (or ``__getattr__`` itself) whose request carries the attribute's name,
the method called (Spark's JSON-RPC wallet: ``self.pay(bolt11)``, ``self.listinvoices()``, a
wait for an invoice, all through one ``requests.post``). Its waits are those of every method the
service offers, a payment's among them: no one number is provably long enough.
"""

from __future__ import annotations

import re
from typing import Any

import libcst as cst

from ._http_timeout_calls import parent
from ._http_timeout_retries import changing_method

_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_PAYS = frozenset({"pay", "withdraw", "withdrawal", "payout"})
_PAYMENT_VERBS = frozenset({"send", "make", "execute", "submit"})


def paying_request(wrapper: Any, call: cst.Call, library: str) -> str | None:
    """The finding for a request that pays, or that serves every method of a remote service; None otherwise."""
    if changing_method(wrapper, call, library) is None:
        return None
    functions = _enclosing_functions(wrapper, call)
    for function in functions:
        if _named_for_paying(function.name.value):
            return (
                f"not changed: this request pays ({function.name.value}()): a timeout makes the client give up while "
                "the payment goes on, and the code then takes it for failed; give it the wait the payment service "
                "needs, or timeout=None on purpose"
            )
    proxy = next((f for f in functions if f.name.value == "__getattr__"), None)
    attribute = _attribute_parameter(proxy) if proxy is not None else None
    if attribute is not None and _mentions(call, attribute):
        return (
            f"not changed: this request serves every method of the remote service (a proxy made by __getattr__, "
            f"{attribute!r} names the method): their waits differ, so no one timeout is provably long enough; "
            "bound the methods that may hang, each with its own wait"
        )
    return None


def _enclosing_functions(wrapper: Any, call: cst.Call) -> list[cst.FunctionDef]:
    found: list[cst.FunctionDef] = []
    node: Any = parent(wrapper, call)
    while node is not None:
        if isinstance(node, cst.FunctionDef):
            found.append(node)
        node = parent(wrapper, node)
    return found


def _named_for_paying(name: str) -> bool:
    words = {word.lower() for word in _WORDS.findall(name)}
    return bool(words & _PAYS) or ("payment" in words and bool(words & _PAYMENT_VERBS))


def _attribute_parameter(function: cst.FunctionDef) -> str | None:
    """The name of ``__getattr__``'s attribute parameter (the one after ``self``)."""
    params = function.params.params
    return params[1].name.value if len(params) > 1 else None


def _mentions(call: cst.Call, name: str) -> bool:
    class _Finder(cst.CSTVisitor):
        found = False

        def visit_Name(self, node: cst.Name) -> None:
            if node.value == name:
                self.found = True

    finder = _Finder()
    for arg in call.args:
        arg.value.visit(finder)
    return finder.found
