"""http-timeout: a non-streamed call to a text-generation API gets no number the tool picks
(review 24). Its read timeout bounds the whole generation before the first byte of the answer:
dribdat's chat completion cut at 30 s (a 500 in the view), wechat-robot-cn's group-chat summary
cut at 60 s (OpenAI's own client waits 600 s). It is left as written, with a finding naming why;
the module's other requests still get their bound."""

from __future__ import annotations

from helpers import finding_messages, run_codemods
from slow_upstream import SlowUpstream, run_against

NAME = "http-timeout"

DRIBDAT = """\
import json

import requests

# In seconds, how long to wait for API response
REQUEST_TIMEOUT = 30


def gen_openai(base_url, prompt):
    r = requests.post(
        "/".join([base_url, "chat", "completions"]),
        headers={"Content-Type": "application/json"},
        data=json.dumps({"model": "m", "messages": [{"role": "user", "content": prompt}]}),
    )
    j = r.json()
    return j["choices"][0]["message"]["content"] if j.get("choices") else None


def project_autopost(base_url, prompt):
    post = gen_openai(base_url, prompt)
    return "saved: " + post if post else "flash: AI service is currently not available."
"""

SUMMARY = """\
import logging

import requests


class McGPTAPI:
    def __init__(self, conf):
        self.url = conf["url"]
        self.model = conf["model"]
        self.fallback = "然后呢"

    def get_answer(self, msg):
        rsp = ""
        try:
            payload = {"messages": [{"role": "user", "content": msg}], "model": self.model, "stream": False}
            rsp = requests.post(self.url, json=payload).json()
            rsp = rsp["choices"][0]["message"]["content"].strip()
        except Exception as e:
            logging.error(f"{e}: {rsp}")
            rsp = self.fallback
        return rsp

    def weather(self, city):
        return requests.get("https://weather.example/" + city).json()
"""

TIGERBOT = """\
import requests


class TigerBot:
    def __init__(self, conf):
        self.tburl = "https://api.tigerbot.example/bot-service/ai_service/gpt"
        self.tbmodel = conf["model"]

    def get_answer(self, msg):
        payload = {"text": msg, "modelVersion": self.tbmodel}
        try:
            return requests.post(self.tburl, json=payload).json()["data"]["result"][0]
        except Exception:
            return "滚"
"""

ENDPOINT = """\
import requests


def complete(prompt):
    return requests.post("https://api.openai.com/v1/chat/completions", json=prompt).json()


def models():
    return requests.get("https://api.openai.com/v1/models").json()
"""


def _result(source, path="apigenerate.py"):
    return run_codemods(source, NAME, path=path, project={}, dedent=False)


def test_a_chat_completion_is_left_with_a_finding():
    result = _result(DRIBDAT)
    assert result.new_text == DRIBDAT
    assert any("text-generation" in message for message in finding_messages(result)), finding_messages(result)


def test_a_completion_that_takes_sixty_five_seconds_still_saves_the_post(monkeypatch):
    answer = {"choices": [{"message": {"content": "a challenge"}}]}
    new = _result(DRIBDAT).new_text
    assert run_against(monkeypatch, SlowUpstream(65, answer), new, "project_autopost", "http://llm", "p") == "saved: a challenge"


def test_a_summary_by_a_chat_model_is_left_and_the_weather_call_is_bounded():
    result = _result(SUMMARY, "base/func_room_summery.py")
    assert "requests.post(self.url, json=payload).json()" in result.new_text
    assert 'requests.get("https://weather.example/" + city, timeout=60)' in result.new_text
    assert any("text-generation" in message for message in finding_messages(result))


def test_a_summary_that_takes_sixty_five_seconds_is_still_the_reply(monkeypatch):
    answer = {"choices": [{"message": {"content": "总结"}}]}
    new = _result(SUMMARY, "base/func_room_summery.py").new_text
    namespace_answer = run_against(monkeypatch, SlowUpstream(65, answer), new + "\n\ndef ask():\n    return McGPTAPI({'url': 'http://x', 'model': 'm'}).get_answer('hi')\n", "ask")
    assert namespace_answer == "总结"


def test_a_model_payload_with_a_text_prompt_is_one_too():
    result = _result(TIGERBOT, "base/func_tigerbot.py")
    assert result.new_text == TIGERBOT
    assert any("text-generation" in message for message in finding_messages(result))


def test_a_completion_endpoint_is_one_and_a_listing_on_the_same_host_is_not():
    result = _result(ENDPOINT, "client.py")
    assert 'requests.post("https://api.openai.com/v1/chat/completions", json=prompt).json()' in result.new_text
    assert 'requests.get("https://api.openai.com/v1/models", timeout=60)' in result.new_text


CHAT_NOTICE = """\
import requests

SLACK_URL = "https://slack.example.com/api/chat.postMessage"


def notify(token, text):
    try:
        requests.post(SLACK_URL, headers={"Authorization": "Bearer " + token}, params={"text": text})
    except Exception:
        pass
"""


def test_a_chat_method_of_a_messaging_api_is_no_generation_endpoint():
    """Slack's ``/api/chat.postMessage`` names a method of its Web API, not ``/api/chat``: the
    notice gets its bound, and no finding says it is a text-generation call (session 32,
    tt-donations' Slack notice)."""
    result = _result(CHAT_NOTICE, "server/util.py")
    assert 'params={"text": text}, timeout=60)' in result.new_text
    assert not any("text-generation" in message for message in finding_messages(result)), finding_messages(result)
