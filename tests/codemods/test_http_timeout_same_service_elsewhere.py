"""http-timeout: a module whose only timed call is a quick probe of one service (a redirect
lookup bounded at 3 seconds, inside a handler that shrugs off any failure) writes that probe's
wait on its call to another service, a parser that does real work per request, which the
project elsewhere calls at the same address with a wait of 120 seconds. The module's number
is the wait for a different service; the project's wait for the very same endpoint is the one
that fits (oadoi's parseland call, cut at the doi.org probe's 3 seconds)."""

from __future__ import annotations

import sys
import types

from helpers import run_codemods

NAME = "http-timeout"

RECORDS = """\
import requests


def resolved_url(doi):
    try:
        r = requests.get("https://resolver.example/" + doi, stream=True, timeout=(3, 3))
        return r.url
    except Exception:
        return None


def needs_refresh(doi):
    r = requests.get(f"https://parser.example/parse-publisher?doi={doi}")
    return r.status_code != 200
"""

PARSER_CLIENT = """\
import requests


def publisher_parse(doi):
    try:
        return requests.get(f"https://parser.example/parse-publisher?doi={doi}", timeout=120).json()
    except Exception:
        return None
"""


def _rewritten() -> str:
    return run_codemods(
        RECORDS, NAME, path="records.py", project={"parser_client.py": PARSER_CLIENT}, dedent=False
    ).new_text


def test_the_call_gets_the_project_s_wait_for_the_same_endpoint():
    assert 'parse-publisher?doi={doi}", timeout=120)' in _rewritten()


class _SlowParser(types.ModuleType):
    """A stand-in for requests whose parser answers after 10 seconds of work: a call given a
    shorter read timeout fails as requests would."""

    def __init__(self) -> None:
        super().__init__("requests")

    def get(self, url: str, timeout: object = None, **kwargs: object) -> types.SimpleNamespace:
        read = timeout[1] if isinstance(timeout, tuple) else timeout
        if read is not None and read < 10:
            raise TimeoutError(f"read timed out after {read} s")
        return types.SimpleNamespace(status_code=200, url=url)


def test_a_parse_that_takes_ten_seconds_still_answers(monkeypatch):
    monkeypatch.setitem(sys.modules, "requests", _SlowParser())
    namespace: dict[str, object] = {"__name__": "records"}
    exec(compile(_rewritten(), "records.py", "exec"), namespace)
    assert namespace["needs_refresh"]("10.1/x") is False  # type: ignore[operator]


def test_the_original_waits_for_the_parser(monkeypatch):
    """Without the rewrite the same slow answer comes back (the stand-in is fair)."""
    monkeypatch.setitem(sys.modules, "requests", _SlowParser())
    namespace: dict[str, object] = {"__name__": "records"}
    exec(compile(RECORDS, "records.py", "exec"), namespace)
    assert namespace["needs_refresh"]("10.1/x") is False  # type: ignore[operator]


# -- the project's wait for the call's host, per call ------------------------------------------

PROBE = """\
import requests


def alive(doi):
    return requests.head("https://resolver.example/" + doi, timeout=3).ok


def parse(doi):
    return requests.get({url}).json()
"""


def _parse_call(url: str, elsewhere: str) -> str:
    project = {"client.py": f"import requests\n\n\ndef parse(doi):\n    return requests.get({elsewhere}).json()\n"}
    new = run_codemods(PROBE.format(url=url), NAME, path="records.py", project=project, dedent=False).new_text
    return next(line.strip() for line in new.splitlines() if "return requests.get(" in line)


def test_same_host_in_another_module_gives_its_longer_wait():
    line = _parse_call('"https://parser.example/parse/" + doi', '"https://parser.example/parse/" + doi, timeout=120')
    assert line == 'return requests.get("https://parser.example/parse/" + doi, timeout=120).json()'


def test_same_host_another_path_and_spelling_counts_too():
    """The host alone is the key: a ``%`` template, an f-string, ``request(method, url)``."""
    elsewhere = 'f"https://Parser.example:443/other?x={doi}", timeout=(5, 90)'
    line = _parse_call('"https://parser.example:443/parse/%s" % doi', elsewhere)
    assert line.endswith("% doi, timeout=90).json()")
    project = {"client.py": 'import requests\n\nrequests.request("POST", "https://parser.example/x", timeout=45)\n'}
    new = run_codemods(PROBE.format(url='"https://parser.example/{}".format(doi)'), NAME, path="records.py", project=project).new_text
    assert '.format(doi), timeout=45).json()' in new


def test_a_shorter_wait_elsewhere_keeps_the_module_s_choice():
    line = _parse_call('"https://parser.example/parse/" + doi', '"https://parser.example/parse/" + doi, timeout=1')
    assert line.endswith("+ doi, timeout=3).json()")


def test_a_url_of_unknown_host_keeps_the_module_s_choice():
    line = _parse_call("PARSER + doi", '"https://parser.example/parse/" + doi, timeout=120')
    assert line == "return requests.get(PARSER + doi, timeout=3).json()"
    line = _parse_call('f"{BASE}/parse/{doi}"', '"https://parser.example/parse/" + doi, timeout=120')
    assert line.endswith("/parse/{doi}\", timeout=3).json()")


def test_another_host_keeps_the_module_s_choice():
    line = _parse_call('"https://other.example/parse/" + doi', '"https://parser.example/parse/" + doi, timeout=120')
    assert line.endswith("+ doi, timeout=3).json()")
    # a host the literal does not finish ("https://parser.example" + suffix) is no known host
    line = _parse_call('"https://parser.example" + doi', '"https://parser.example/parse/" + doi, timeout=120')
    assert line.endswith("+ doi, timeout=3).json()")


def test_a_named_wait_stays_on_the_other_calls():
    source = (
        "import requests\n\nREQUEST_TIMEOUT = 10\n\n\ndef parse(doi):\n"
        '    return requests.get("https://parser.example/p/" + doi).json()\n\n\n'
        "def look(doi):\n"
        '    return requests.get("https://resolver.example/" + doi).url\n\n\n'
        "def alive(doi):\n"
        '    return requests.head("https://resolver.example/" + doi, timeout=3).ok\n'
    )
    project = {"client.py": 'import requests\n\nrequests.get("https://parser.example/p/", timeout=120)\n'}
    new = run_codemods(source, NAME, path="records.py", project=project).new_text
    assert '"https://parser.example/p/" + doi, timeout=120).json()' in new
    assert '"https://resolver.example/" + doi, timeout=REQUEST_TIMEOUT).url' in new


# -- the project's wait reached through the functions a URL is handed to -------------------------

CLIENT = """\
import requests


def parser_response(url):
    return parse_api_response(url)


def parse_api_response(url, parser_name="parser"):
    try:
        return requests.get(url, verify=False, timeout=2 * 60).json()
    except Exception:
        return None
"""

MAKER = """\
from client import parser_response


class Maker:
    @staticmethod
    def _parser_url(doi):
        return f"https://parser.example/parse-publisher?doi={doi}"

    @classmethod
    def make(cls, doi):
        return parser_response(cls._parser_url(doi))
"""


def test_a_url_built_elsewhere_and_handed_to_a_timed_function_gives_its_wait():
    new = run_codemods(RECORDS, NAME, path="records.py", project={"client.py": CLIENT, "maker.py": MAKER}, dedent=False)
    assert 'parse-publisher?doi={doi}", timeout=120)' in new.new_text


# the module's probe with no handler: its 3 s is then the module's choice for a call nothing handles
# either (a handled probe's is not: test_http_timeout_handled_waits)
UNHANDLED_PROBE = RECORDS.replace(
    "    try:\n        r = requests.get(\"https://resolver.example/\" + doi, stream=True, timeout=(3, 3))\n"
    "        return r.url\n    except Exception:\n        return None\n",
    "    r = requests.get(\"https://resolver.example/\" + doi, stream=True, timeout=(3, 3))\n    return r.url\n",
)


def test_a_url_handed_to_a_function_that_times_another_parameter_counts_not():
    assert UNHANDLED_PROBE != RECORDS
    client = CLIENT.replace("def parser_response(url):\n    return parse_api_response(url)", "def parser_response(url):\n    return parse_api_response(BASE, url)")
    new = run_codemods(UNHANDLED_PROBE, NAME, path="records.py", project={"client.py": client, "maker.py": MAKER}, dedent=False)
    assert 'parse-publisher?doi={doi}", timeout=3)' in new.new_text
    # a URL to another host handed to the timed function lends its wait to that host only
    maker = MAKER.replace("https://parser.example/", "https://other.example/")
    new = run_codemods(UNHANDLED_PROBE, NAME, path="records.py", project={"client.py": CLIENT, "maker.py": maker}, dedent=False)
    assert 'parse-publisher?doi={doi}", timeout=3)' in new.new_text
