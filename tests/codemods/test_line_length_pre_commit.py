"""The line length black runs with from a pre-commit hook (zeus: black 18.6b4 in
``.pre-commit-config.yaml``, no ``[tool.black]``; ``, timeout=60`` took a webhook's call to 94
columns, which the hook rewrites). The rewritten module is checked with black itself at that
length (a fixed point) and run."""

from __future__ import annotations

import black

from flask_codemod.codemods._line_length import line_length_of
from helpers import rewrite

PRE_COMMIT_BLACK = """repos:
-   repo: https://github.com/ambv/black
    rev: 18.6b4
    hooks:
    - id: black
      language_version: python3.8
-   repo: https://gitlab.com/pycqa/flake8
    rev: 3.5.0
    hooks:
    - id: flake8
"""

# zeus's setup.cfg: flake8 ignores E501, so it sets no limit of its own
FLAKE8_WITHOUT_E501 = "[flake8]\nmax-line-length = 100\nignore = E203,E501,W503\n"

SOURCE = '''import requests


def get_travis_public_key(domain):
    if domain:
        resp = requests.get(
            "https://{}/config".format(domain), headers={"User-Agent": USER_AGENT}
        )
        return resp
'''


def test_black_in_pre_commit_sets_its_default_88_columns():
    assert line_length_of({".pre-commit-config.yaml": PRE_COMMIT_BLACK}) == 88


def test_the_hooks_own_line_length_argument_wins():
    for args in ("[--line-length=100]", "[-l, '100']", "['--line-length', '100']"):
        config = PRE_COMMIT_BLACK.replace("language_version: python3.8", f"args: {args}")
        assert line_length_of({".pre-commit-config.yaml": config}) == 100, args


def test_tool_black_in_pyproject_is_what_the_hook_reads():
    pyproject = "[tool.black]\nline-length = 120\n"
    texts = {".pre-commit-config.yaml": PRE_COMMIT_BLACK, "pyproject.toml": pyproject}
    assert line_length_of(texts) == 120


def test_no_black_hook_and_a_broken_file_set_nothing():
    flake8_only = "repos:\n- repo: https://gitlab.com/pycqa/flake8\n  rev: 3.5.0\n  hooks:\n  - id: flake8\n"
    assert line_length_of({".pre-commit-config.yaml": flake8_only}) is None
    assert line_length_of({".pre-commit-config.yaml": "repos: [\n"}) is None


def test_the_webhook_call_is_split_as_the_hooks_black_splits_it(monkeypatch):
    files = {"setup.cfg": FLAKE8_WITHOUT_E501, "requirements.txt": "requests\n"}
    unconfigured = rewrite(SOURCE, "http-timeout", files=files, dedent=False)
    assert max(len(line) for line in unconfigured.splitlines()) > 88  # what zeus got
    files[".pre-commit-config.yaml"] = PRE_COMMIT_BLACK
    text = rewrite(SOURCE, "http-timeout", files=files, dedent=False)
    assert "timeout=60" in text
    assert max(len(line) for line in text.splitlines()) <= 88
    assert black.format_str(text, mode=black.Mode(line_length=88)) == text
    calls = []
    namespace = {"USER_AGENT": "zeus"}
    exec(compile(text, "webhook.py", "exec"), namespace)
    monkeypatch.setattr(namespace["requests"], "get", lambda url, **kwargs: calls.append((url, kwargs)) or "response")
    assert namespace["get_travis_public_key"]("api.travis-ci.com") == "response"
    assert calls == [("https://api.travis-ci.com/config", {"headers": {"User-Agent": "zeus"}, "timeout": 60})]
