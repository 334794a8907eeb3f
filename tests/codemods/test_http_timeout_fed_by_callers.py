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


# -- a file the codemod cannot read may call the function with anything ------------------------

LATIN_CALLER = '# -*- coding: latin-1 -*-\nfrom shop.api import order_status\n\nLABEL = "caf\u00e9"\n\n\ndef cached(cache):\n    return order_status(cache, "b", 1)\n'


def _through_the_tool(tmp_path, caller: bytes):
    from flask_codemod import pipeline
    from flask_codemod.codemods import get_codemod

    (tmp_path / "requirements.txt").write_text("requests\n")
    shop = tmp_path / "shop"
    shop.mkdir()
    (shop / "__init__.py").write_text("")
    (shop / "api.py").write_text(SOURCE)
    (shop / "cached.py").write_bytes(caller)
    return pipeline.process_file(str(shop / "api.py"), [get_codemod(NAME)])


def test_a_file_that_cannot_be_read_as_text_keeps_the_finding_and_is_named(tmp_path):
    """A latin-1 module (valid Python) ``ctx.read_file`` gives no text for: it may hand the
    function a dict, whose ``get`` takes no ``timeout``."""
    result = _through_the_tool(tmp_path, LATIN_CALLER.encode("latin-1"))
    assert result.error is None and not result.changed
    messages = [finding.message for finding in result.findings]
    assert any(
        "cannot tell that session is a requests Session" in m and "shop/cached.py cannot be read as text (not UTF-8)" in m
        for m in messages
    ), messages


def test_the_unread_callers_dict_still_works_with_the_module_the_run_leaves(tmp_path):
    result = _through_the_tool(tmp_path, LATIN_CALLER.encode("latin-1"))
    after = result.new_text if result.changed else SOURCE
    module: dict = {}
    exec(compile(after, "api.py", "exec"), module)

    class Answer:
        def json(self):
            return {"status": "shipped"}

    cache = {"b/orders/1": Answer()}
    assert module["order_status"](cache, "b", 1) == "shipped"  # dict.get(..., timeout=60) would be a TypeError


def test_the_same_file_readable_names_the_function_and_keeps_the_finding(tmp_path):
    result = _through_the_tool(tmp_path, LATIN_CALLER.replace("\u00e9", "e").encode())
    assert result.error is None and not result.changed
    assert any("cannot tell that session is a requests Session" in f.message for f in result.findings)


def test_python_2_code_naming_the_function_keeps_the_finding():
    caller = 'from shop.api import order_status\n\n\ndef show(session):\n    print order_status(session, "b", 1)\n'
    result = run(others={"shop/cli.py": caller})
    assert 'session.get(f"{base}/orders/{number}")' in result.new_text
    assert any("cannot tell that session is a requests Session" in m for m in finding_messages(result))


def test_an_unreadable_file_elsewhere_with_readable_callers_only_still_holds_the_timeout_back(tmp_path):
    result = _through_the_tool(tmp_path, "# -*- coding: latin-1 -*-\nLABEL = 'caf\u00e9'\n".encode("latin-1"))
    assert not result.changed  # what it names cannot be seen: it may name the function
