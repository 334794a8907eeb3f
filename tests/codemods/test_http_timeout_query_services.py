"""http-timeout: a call that sends a query to a query service gets no number the tool picks
(session 32, apps calling public APIs).

A SPARQL endpoint and an Overpass API interpreter run the query the client sends, and answer
when it is done or when the service's own deadline for it runs out (the Wikidata Query Service
stops a query at a minute; an Overpass QL query sets its own, ``[timeout:600]``), with an error
of their own the calling code reads. A wikidata tagging tool got 5 s on its SPARQL queries (the
wait of its MediaWiki API calls), an OSM matcher 10 s on Overpass queries that set 300 and 600
(its status probe's wait): each cut queries the service answers. Such a call is left, with a
finding; the module's other calls still get their bound.
"""

from __future__ import annotations

from helpers import finding_messages, run_codemods
from slow_upstream import SlowUpstream, run_against

NAME = "http-timeout"

SPARQL_CLIENT = """\
import requests

query_url = "https://query.example.org/bigdata/namespace/wdq/sparql"
api_url = "https://www.example.org/w/api.php"


class QueryTimeout(Exception):
    pass


def labels(ids):
    return requests.get(api_url, params={"ids": "|".join(ids)}, timeout=5).json()


def run_query(query):
    r = requests.post(query_url, data={"query": query, "format": "json"}, stream=True)
    if r.status_code != 200 and "TimeoutException" in r.text:
        raise QueryTimeout(query)
    return r.json()


def page(title):
    return requests.get(api_url, params={"titles": title}).json()
"""

OVERPASS_CLIENT = """\
import requests
from flask import current_app


def endpoint():
    return current_app.config["OVERPASS_URL"] + "/api/interpreter"


def status():
    return requests.get(current_app.config["OVERPASS_URL"] + "/api/status", timeout=10).text


def run_query(oql):
    return requests.post(endpoint(), data=oql.encode("utf-8"))


def city_query(bbox):
    return run_query("[timeout:600][out:xml][bbox:" + bbox + "];nwr;out;")
"""

OVERPASS_SCRIPT = """\
import requests


def fetch(oql):
    overpass_url = "https://overpass.example.org/api/interpreter"
    r = requests.post(overpass_url, data=oql)
    return r.content
"""

NOT_A_QUERY_SERVICE = """\
import requests


def docs(base):
    return requests.get(base + "/sparql-tutorial/intro").text
"""


def _result(source: str, path: str = "tool/queries.py") -> object:
    return run_codemods(source, NAME, path=path, project={}, dedent=False)


def test_a_sparql_query_is_left_with_a_finding_and_the_api_calls_are_bounded():
    result = _result(SPARQL_CLIENT)
    new = result.new_text  # type: ignore[attr-defined]
    assert 'r = requests.post(query_url, data={"query": query, "format": "json"}, stream=True)\n' in new
    assert 'requests.get(api_url, params={"titles": title}, timeout=5)' in new
    found = [m for m in finding_messages(result) if "query service" in m]  # type: ignore[arg-type]
    assert len(found) == 1 and "SPARQL" in found[0], finding_messages(result)  # type: ignore[arg-type]


def test_a_query_that_runs_thirty_seconds_is_still_answered(monkeypatch):
    new = _result(SPARQL_CLIENT).new_text  # type: ignore[attr-defined]
    answer = {"results": {"bindings": [1]}}
    assert run_against(monkeypatch, SlowUpstream(30, answer), new, "run_query", "SELECT ?x WHERE {}") == answer


def test_an_overpass_query_through_the_module_s_endpoint_function_is_left():
    result = _result(OVERPASS_CLIENT)
    new = result.new_text  # type: ignore[attr-defined]
    assert 'return requests.post(endpoint(), data=oql.encode("utf-8"))\n' in new
    found = [m for m in finding_messages(result) if "query service" in m]  # type: ignore[arg-type]
    assert len(found) == 1 and "Overpass" in found[0] and "600" in found[0], finding_messages(result)  # type: ignore[arg-type]


def test_an_overpass_query_to_a_literal_interpreter_address_is_left():
    result = _result(OVERPASS_SCRIPT, "reindex.py")
    assert result.new_text == OVERPASS_SCRIPT  # type: ignore[attr-defined]
    assert any("query service" in m for m in finding_messages(result))  # type: ignore[arg-type]


def test_a_path_that_only_contains_the_word_is_no_query_service():
    result = _result(NOT_A_QUERY_SERVICE, "docs/fetch.py")
    assert 'requests.get(base + "/sparql-tutorial/intro", timeout=60)' in result.new_text  # type: ignore[attr-defined]


# session 33: the query carried in the URL's own query string, the URL built four ways
QUERY_IN_THE_URL = """\
import requests
from urllib.parse import quote

ENDPOINT = "https://query.example.org/sparql"


def by_concatenation(q):
    return requests.get("https://query.example.org/sparql?query=" + quote(q)).json()


def by_percent(q):
    return requests.get("https://query.example.org/sparql?format=json&query=%s" % quote(q)).json()


def by_format(q):
    return requests.get("https://query.example.org/sparql?format=json&query={}".format(quote(q))).json()


def by_f_string(q):
    return requests.get(f"{ENDPOINT}?query={quote(q)}&format=json").json()


def through_a_name(oql):
    url = "https://overpass.example.org/api/interpreter?data=" + quote(oql)
    return requests.get(url).content
"""

QUERY_STRING_OF_ANOTHER_PATH = """\
import requests


def tutorial(base, page):
    return requests.get(f"{base}/sparql-tutorial?page={page}").text


def search(q):
    return requests.get("https://www.example.org/search?q=sparql").text
"""


def test_a_query_in_the_url_s_own_query_string_is_left_with_a_finding():
    result = _result(QUERY_IN_THE_URL)
    assert result.new_text == QUERY_IN_THE_URL  # type: ignore[attr-defined]
    found = [m for m in finding_messages(result) if "query service" in m]  # type: ignore[arg-type]
    assert len(found) == 5, finding_messages(result)  # type: ignore[arg-type]
    assert sum("SPARQL" in m for m in found) == 4 and sum("Overpass" in m for m in found) == 1


def test_a_query_string_after_another_path_still_gets_its_bound():
    new = _result(QUERY_STRING_OF_ANOTHER_PATH, "docs/fetch.py").new_text  # type: ignore[attr-defined]
    assert 'requests.get(f"{base}/sparql-tutorial?page={page}", timeout=' in new
    assert 'requests.get("https://www.example.org/search?q=sparql", timeout=' in new
