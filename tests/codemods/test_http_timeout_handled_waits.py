"""http-timeout: a number is evidence only as an HTTP wait, and a short wait the code gives a
call whose failure it handles is the authors' budget for that call failing (review 24).

- A ``timeout=`` of a call that sends no HTTP request (a Redis pub/sub poll tick,
  ``pubsub.get_message(timeout=5)``) is never the number written (ctfd's OAuth login got 5 s).
- A wait shorter than the option, given to a call inside a try that catches its timeout (a page
  fetch that returns None on failure, a discovery GET turned into a 503), is not carried to a
  call whose timeout nothing would handle, or whose handler raises (oadoi's Zenodo lookup,
  alerta's token exchange): that call gets the default. A call whose failure is tolerated the
  same way (its handler goes on) still gets it.
"""

from __future__ import annotations

from helpers import run_codemods
from slow_upstream import SlowUpstream, run_against

NAME = "http-timeout"

RECORDS = """\
import requests

ZENODO = "https://zenodo.example"


def set_oa(work):
    r = requests.get(f"{ZENODO}/api/records/{work['id']}")
    if r.status_code == 200:
        return r.json()["metadata"]["access_right"] == "open"


def repository_name(work):
    try:
        r = requests.get(work["url"], timeout=5)
        r.raise_for_status()
    except requests.exceptions.RequestException:
        return None
    return r.text[:20]
"""


def _new(source: str, path: str = "records.py", project: dict[str, str] | None = None) -> str:
    return run_codemods(source, NAME, path=path, project=project or {}, dedent=False).new_text


def test_a_tolerated_page_fetch_s_wait_is_not_given_to_a_lookup_nothing_handles():
    assert "requests.get(f\"{ZENODO}/api/records/{work['id']}\", timeout=60)" in _new(RECORDS)


def test_a_lookup_that_takes_seven_seconds_still_answers(monkeypatch):
    """oadoi's worker: before, a 7 s Zenodo answer built the record; so it must after."""
    before = run_against(monkeypatch, SlowUpstream(7), RECORDS, "set_oa", {"id": 1})
    after = run_against(monkeypatch, SlowUpstream(7), _new(RECORDS), "set_oa", {"id": 1})
    assert before is True and after is True


OIDC = """\
import requests


class ApiError(Exception):
    pass


def get_oidc_configuration(url):
    try:
        r = requests.get(url + "/.well-known/openid-configuration", timeout=2)
        config = r.json()
    except Exception as e:
        raise ApiError(f"Could not get OpenID configuration: {e}")
    return config


def openid_login(token_endpoint, code):
    data = {"grant_type": "authorization_code", "code": code}
    r = requests.post(token_endpoint, data)
    token = r.json()
    try:
        r = requests.get(token_endpoint + "/userinfo", headers={"Authorization": token["access_token"]})
        userinfo = r.json()
    except Exception:
        raise ApiError("No access token in OpenID Connect token response.")
    return userinfo["id"]
"""


def test_a_discovery_wait_turned_into_a_503_is_not_the_token_exchange_s():
    new = _new(OIDC, "oidc.py")
    assert "requests.post(token_endpoint, data, timeout=60)" in new
    assert 'headers={"Authorization": token["access_token"]}, timeout=60)' in new  # its handler raises


def test_an_identity_provider_answering_in_three_seconds_still_logs_in(monkeypatch):
    before = run_against(monkeypatch, SlowUpstream(3), OIDC, "openid_login", "https://idp.example/token", "c")
    after = run_against(monkeypatch, SlowUpstream(3), _new(OIDC, "oidc.py"), "openid_login", "https://idp.example/token", "c")
    assert before == 1 and after == 1


CAS = """\
import requests


class ApiError(Exception):
    pass


def validate(url, ticket):
    try:
        resp = requests.get(url, params={"ticket": ticket}, timeout=5)
        resp.raise_for_status()
    except requests.RequestException as e:
        raise ApiError(f"Unable to contact CAS server: {e}", 503)
    return resp.text
"""

GITHUB = """\
import requests


def github_login(token_endpoint, api, data):
    r = requests.post(token_endpoint, data, headers={"Accept": "application/json"})
    token = r.json()
    r = requests.get(api + "/user/orgs", headers={"Authorization": token["access_token"]})
    return r.json()["id"]
"""


def test_another_module_s_handled_wait_is_not_the_project_s_login_wait():
    new = _new(GITHUB, "auth/github.py", {"auth/cas.py": CAS})
    assert 'headers={"Accept": "application/json"}, timeout=60)' in new
    assert 'headers={"Authorization": token["access_token"]}, timeout=60)' in new


EVENTS = """\
class RedisEventManager:
    def __init__(self, client):
        self.client = client

    def listen(self, channel="ctf"):
        pubsub = self.client.pubsub()
        pubsub.subscribe(channel)
        while True:
            message = pubsub.get_message(ignore_subscribe_messages=True, timeout=5)
            if message:
                print(message)
"""

MAILGUN = """\
import requests


def sendmail(addr, text):
    try:
        r = requests.post("https://api.mailgun.example/messages", data={"to": addr, "text": text}, timeout=1.0)
    except requests.RequestException as e:
        return False, str(e)
    return r.status_code == 200, ""
"""

AUTH = """\
import requests

URL = "https://oauth.example"


def oauth_redirect(oauth_code):
    data = {"code": oauth_code, "grant_type": "authorization_code"}
    token_request = requests.post(URL + "/oauth/token", data=data)
    if token_request.status_code == requests.codes.ok:
        token = token_request.json()["access_token"]
        api_data = requests.get(url=URL + "/user", headers={"Authorization": "Bearer " + token}).json()
        return api_data["id"]
"""


def test_a_pub_sub_poll_tick_is_no_wait_of_an_oauth_login():
    new = _new(AUTH, "auth.py", {"utils/events.py": EVENTS, "utils/mailgun.py": MAILGUN})
    assert "requests.post(URL + \"/oauth/token\", data=data, timeout=60)" in new
    assert "timeout=5" not in new and "timeout=1.0" not in new


def test_an_oauth_provider_answering_in_six_seconds_still_logs_in(monkeypatch):
    new = _new(AUTH, "auth.py", {"utils/events.py": EVENTS, "utils/mailgun.py": MAILGUN})
    assert run_against(monkeypatch, SlowUpstream(6), AUTH, "oauth_redirect", "abc") == 1
    assert run_against(monkeypatch, SlowUpstream(6), new, "oauth_redirect", "abc") == 1


def test_a_non_http_wait_is_never_written_where_the_project_times_a_request():
    """The project's own unhandled request wait (3 s) is the evidence; the poll's 5 s is not. It
    is a read's: the token exchange, a write, gets the option (review 36)."""
    status = "import requests\n\n\ndef status():\n    return requests.get('https://status.example/', timeout=3).json()\n"
    new = _new(AUTH, "auth.py", {"utils/events.py": EVENTS, "utils/status.py": status})
    assert '"Bearer " + token}, timeout=3)' in new
    assert 'data=data, timeout=60)' in new
    assert "timeout=5" not in new


def test_a_call_whose_failure_is_tolerated_the_same_way_keeps_the_wait_of_its_own_host():
    """A handled short wait is the budget for the service it calls: a call tolerated the same
    way gets it where its URL names a host the project bounds; a URL whose host is not known
    (``work["url"] + "/title"``) gets the option (session 26: delphi-epidata's job fetch got
    another module's 5 s PyPI check)."""
    pages = RECORDS.replace('requests.get(work["url"], timeout=5)', 'requests.get("https://pages.example/" + work["id"], timeout=5)')
    source = pages + (
        "\n\ndef repository_title(work):\n    try:\n        r = requests.get(\"https://pages.example/title/\" + work[\"id\"])\n"
        "    except requests.exceptions.RequestException:\n        return None\n    return r.text\n"
        "\n\ndef mirror_title(work):\n    try:\n        r = requests.get(work[\"url\"] + \"/title\")\n"
        "    except requests.exceptions.RequestException:\n        return None\n    return r.text\n"
    )
    new = _new(source)
    assert 'requests.get("https://pages.example/title/" + work["id"], timeout=5)' in new
    assert 'requests.get(work["url"] + "/title", timeout=60)' in new
    assert "requests.get(f\"{ZENODO}/api/records/{work['id']}\", timeout=60)" in new


JOB_WORKER = """\
from urllib.request import urlopen

MASTER_URL = "https://master.example/api"


def run():
    failed = 0
    while failed < 3:
        try:
            req = urlopen(MASTER_URL + "?get=x")
            return req.read()
        except Exception:
            failed += 1
"""

VERSION_CHECK = """\
import requests


def version_check():
    try:
        request = requests.get("https://pypi.org/pypi/client/json", timeout=5)
        return request.json()["info"]["version"]
    except Exception:
        return None
"""


def test_a_handled_call_of_another_module_to_another_host_lends_no_short_wait():
    """delphi-epidata: the wiki worker's job fetch (its failure counted, asked again) got 5 s,
    borrowed from the client's handled version check of PyPI: another service."""
    new = _new(JOB_WORKER, path="worker.py", project={"client.py": VERSION_CHECK})
    assert 'urlopen(MASTER_URL + "?get=x", timeout=60)' in new, new


def test_a_job_fetch_that_takes_seven_seconds_still_answers(monkeypatch):
    source = JOB_WORKER.replace("from urllib.request import urlopen\n", "import requests\n").replace(
        'urlopen(MASTER_URL + "?get=x")', 'requests.get(MASTER_URL + "?get=x")').replace("req.read()", "req.text")
    new = _new(source, path="worker.py", project={"client.py": VERSION_CHECK})
    assert "timeout=60" in new, new
    assert run_against(monkeypatch, SlowUpstream(7), new, "run") is not None
