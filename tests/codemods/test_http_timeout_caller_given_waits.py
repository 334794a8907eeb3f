"""http-timeout: a wait a function takes from its caller is not one the project reads from its
configuration. A value taken from the function's own ``**kwargs`` (``kwargs["timeout"]``,
``kwargs.get("timeout", 10)``) is what its caller passes, and a parameter whose default is a
number (``def lookup(name, timeout=10)``) is a wait the project names, as a literal is. Neither
may keep another module's calls without a timeout with a finding about a setting that does not
exist. A read of the configuration in the same places (``current_app.config[...]``,
``os.environ[...]``, also as the default of a ``kwargs.get``) still counts as one."""

from __future__ import annotations

import ast

from helpers import run_codemods

from flask_codemod.codemods._http_timeout_default import module_configured_waits

NAME = "http-timeout"
CONFIGURED = "from its configuration"

CLIENT = """\
import requests


def banned(name):
    r = requests.get("https://bans.example/check/" + name)
    return r.json()["banned"]
"""


def _lookups(take: str) -> str:
    """A module of two lookups: one whose wait is a parameter with a default, one that takes
    its wait as ``take`` in a function with ``**kwargs``."""
    return f"""\
import os

import requests
from flask import current_app


def profile(uid, timeout=10):
    r = requests.get("https://profiles.example/" + uid, timeout=timeout)
    return r.json()


def search(*names, **kwargs):
    timeout = 10
    if "timeout" in kwargs:
        timeout = {take}
    r = requests.post("https://profiles.example/search", json=list(names), timeout=timeout)
    return r.json()
"""


def _run(lookups: str):
    return run_codemods(CLIENT, NAME, path="app/bans.py", project={"app/lookups.py": lookups}, dedent=False)


def _configured(result) -> bool:
    return any(CONFIGURED in finding.message for finding in result.findings)


def test_a_value_of_the_functions_own_kwargs_is_no_setting():
    result = _run(_lookups('kwargs["timeout"]'))
    assert not _configured(result), [finding.message for finding in result.findings]
    assert 'requests.get("https://bans.example/check/" + name, timeout=' in result.new_text


def test_a_lookup_in_kwargs_with_a_number_for_default_is_no_setting():
    for take in ('kwargs.get("timeout", 10)',):
        result = _run(_lookups(take))
        assert not _configured(result), (take, [finding.message for finding in result.findings])
        assert "timeout=" in result.new_text.split("def banned")[1], take


def test_a_converted_value_of_kwargs_is_no_setting():
    """``float(kwargs["timeout"])`` is still the caller's value. (Its length is another
    question, _http_timeout_unknown_waits': here only whether it is read from configuration.)"""
    for take in ('float(kwargs["timeout"])', 'int(kwargs.get("timeout", 10))'):
        assert module_configured_waits(ast.parse(_lookups(take))) == (), take
    assert module_configured_waits(ast.parse(_lookups('float(os.environ["HTTP_TIMEOUT"])')))


def test_a_parameter_default_alone_is_no_setting():
    result = _run(_lookups("20"))
    assert not _configured(result)
    assert 'requests.get("https://bans.example/check/" + name, timeout=' in result.new_text


def test_a_parameter_default_is_a_wait_the_module_names():
    """In its own module, ``timeout=10`` as a parameter's default is the module's wait, as a
    literal 10 is: a call there that forgot it gets 10, not the option's 60."""
    source = """\
import requests


def profile(uid, timeout=10):
    r = requests.get("https://profiles.example/" + uid, timeout=timeout)
    return r.json()


def names(uid):
    r = requests.get("https://profiles.example/names/" + uid)
    return r.json()
"""
    result = run_codemods(source, NAME, path="app/lookups.py", project={}, dedent=False)
    assert 'requests.get("https://profiles.example/names/" + uid, timeout=10)' in result.new_text


def test_the_configuration_read_in_the_same_place_still_counts():
    for take in ('current_app.config["HTTP_TIMEOUT"]', 'float(os.environ["HTTP_TIMEOUT"])',
                 'kwargs.get("timeout", current_app.config["HTTP_TIMEOUT"])'):
        result = _run(_lookups(take))
        assert _configured(result), take
        assert 'requests.get("https://bans.example/check/" + name)\n' in result.new_text, take


def test_a_setting_read_off_a_plain_parameter_still_counts():
    """``app.config[...]`` of a parameter ``app`` (an extension's ``init_app``) is configuration:
    only the ``**`` mapping's values are the caller's own."""
    lookups = """\
import requests


class Profiles:
    def init_app(self, app):
        self.timeout = app.config["HTTP_TIMEOUT"]

    def profile(self, uid):
        return requests.get("https://profiles.example/" + uid, timeout=self.timeout).json()
"""
    result = _run(lookups)
    assert _configured(result)
