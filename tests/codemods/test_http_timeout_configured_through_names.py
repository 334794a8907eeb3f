"""http-timeout: a wait read from the configuration is configured however it reaches the call
(review 23) — through a local name, ``self.attr``, a module constant (also one imported from
another module of the project: ``from app.settings import HTTP_TIMEOUT``,
``settings.HTTP_TIMEOUT``), or a wrapper's ``kwargs.setdefault("timeout", <read>)`` handed on
as ``**kwargs``. Then the project's other HTTP calls are reported, not given ``timeout=60``
(shorter than a configured 120). A name bound several ways, one of them a configuration read,
is read as configured: no number is guessed for it."""

from __future__ import annotations

import textwrap

import pytest

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

# a module of the project with no wait of its own
OTHER = "import requests\n\n\ndef ping(url):\n    return requests.get(url).json()\n"

CLIENTS = {
    "self attribute (get)": (
        "import requests\nfrom flask import current_app\n\n\nclass Api:\n    def __init__(self):\n"
        "        self.session = requests.Session()\n"
        '        self.timeout = current_app.config.get("HTTP_TIMEOUT", 120)\n\n'
        "    def get(self, url):\n        return self.session.get(url, timeout=self.timeout).json()\n",
        {},
        "app/client.py:11",
    ),
    "self attribute (subscript)": (
        "import requests\nfrom flask import current_app\n\n\nclass Api:\n    def __init__(self):\n"
        '        self.timeout = current_app.config["HTTP_TIMEOUT"]\n\n'
        "    def get(self, url):\n        return requests.get(url, timeout=self.timeout).json()\n",
        {},
        "app/client.py:10",
    ),
    "local name": (
        "import requests\nfrom flask import current_app\n\n\ndef get(url):\n"
        '    timeout = current_app.config.get("HTTP_TIMEOUT", 120)\n'
        "    return requests.get(url, timeout=timeout).json()\n",
        {},
        "app/client.py:7",
    ),
    "module constant without a default": (
        'import os\n\nimport requests\n\nTIMEOUT = float(os.environ["HTTP_TIMEOUT"])\n\n\n'
        "def get(url):\n    return requests.get(url, timeout=TIMEOUT).json()\n",
        {},
        "app/client.py:9",
    ),
    "constant of the settings module": (
        "import requests\n\nfrom app import settings\n\n\ndef get(url):\n"
        "    return requests.get(url, timeout=settings.HTTP_TIMEOUT).json()\n",
        {"app/settings.py": 'import os\n\nHTTP_TIMEOUT = int(os.environ.get("HTTP_TIMEOUT", 120))\n'},
        "app/client.py:7",
    ),
    "constant imported from the settings module": (
        "import requests\n\nfrom app.settings import HTTP_TIMEOUT as WAIT\n\n\ndef get(url):\n"
        "    return requests.get(url, timeout=WAIT).json()\n",
        {"app/settings.py": 'import os\n\nHTTP_TIMEOUT = int(os.environ["HTTP_TIMEOUT"])\n'},
        "app/client.py:7",
    ),
    "setdefault in a wrapper": (
        "import requests\nfrom flask import current_app\n\n\ndef get(url, **kwargs):\n"
        '    kwargs.setdefault("timeout", current_app.config["HTTP_TIMEOUT"])\n'
        "    return requests.get(url, **kwargs).json()\n",
        {},
        "app/client.py:7",
    ),
    "bound several ways": (
        "import requests\nfrom flask import current_app\n\n\ndef get(url, fast=False):\n"
        "    timeout = 5\n    if not fast:\n"
        '        timeout = current_app.config["HTTP_TIMEOUT"]\n'
        "    return requests.get(url, timeout=timeout).json()\n",
        {},
        "app/client.py:9",
    ),
    # review 23 (rv23c): a config class, a constant under a top-level try, a package path, a
    # star import, a class attribute read through self
    "attribute of a config class of the settings module": (
        "import requests\n\nfrom app.settings import Config\n\n\ndef get(url):\n"
        "    return requests.get(url, timeout=Config.HTTP_TIMEOUT).json()\n",
        {"app/settings.py": 'import os\n\n\nclass Config:\n    HTTP_TIMEOUT = int(os.environ.get("HTTP_TIMEOUT", "120"))\n'},
        "app/client.py:7",
    ),
    "constant bound under a top-level try": (
        "import requests\n\nfrom app import settings\n\n\ndef get(url):\n"
        "    return requests.get(url, timeout=settings.HTTP_TIMEOUT).json()\n",
        {"app/settings.py": 'import os\n\ntry:\n    HTTP_TIMEOUT = int(os.environ["HTTP_TIMEOUT"])\nexcept KeyError:\n    HTTP_TIMEOUT = 120\n'},
        "app/client.py:7",
    ),
    "constant read through a package path": (
        "import requests\n\nimport app.settings\n\n\ndef get(url):\n"
        "    return requests.get(url, timeout=app.settings.HTTP_TIMEOUT).json()\n",
        {"app/settings.py": 'import os\n\nHTTP_TIMEOUT = int(os.environ.get("HTTP_TIMEOUT", 120))\n'},
        "app/client.py:7",
    ),
    "constant of a star import": (
        "import requests\n\nfrom app.settings import *\n\n\ndef get(url):\n"
        "    return requests.get(url, timeout=HTTP_TIMEOUT).json()\n",
        {"app/settings.py": 'import os\n\nHTTP_TIMEOUT = int(os.environ.get("HTTP_TIMEOUT", 120))\n'},
        "app/client.py:7",
    ),
    "self attribute bound to a constant of the settings module": (
        "import requests\n\nfrom app import settings\n\n\nclass Api:\n    def __init__(self):\n"
        "        self.timeout = settings.HTTP_TIMEOUT\n\n"
        "    def get(self, url):\n        return requests.get(url, timeout=self.timeout).json()\n",
        {"app/settings.py": 'import os\n\nHTTP_TIMEOUT = int(os.environ.get("HTTP_TIMEOUT", 120))\n'},
        "app/client.py:11",
    ),
    "class attribute read through self": (
        "import os\n\nimport requests\n\n\nclass Api:\n"
        '    timeout = int(os.environ.get("HTTP_TIMEOUT", 120))\n\n'
        "    def get(self, url):\n        return requests.get(url, timeout=self.timeout).json()\n",
        {},
        "app/client.py:10",
    ),
}


@pytest.mark.parametrize("case", sorted(CLIENTS))
def test_another_module_s_call_is_reported_not_given_a_number(case):
    client, others, where = CLIENTS[case]
    project = {"app/__init__.py": "", "app/client.py": client, **others}
    result = run_codemods(OTHER, NAME, path="app/other.py", project=project)
    assert result.new_text == textwrap.dedent(OTHER) and result.rewrites == {}
    [message] = finding_messages(result)
    assert f"another module of this project gives its calls a timeout from its configuration ({where})" in message
    assert "pass the same setting as timeout= here" in message


@pytest.mark.parametrize("case", sorted(CLIENTS))
def test_so_is_another_call_of_the_same_module(case):
    client, others, _ = CLIENTS[case]
    source = client + "\n\ndef post(url, data):\n    return requests.post(url, data=data).json()\n"
    project = {"app/__init__.py": "", **others}
    result = run_codemods(source, NAME, path="app/client.py", project=project)
    assert result.new_text == textwrap.dedent(source)
    [message] = finding_messages(result)
    assert "not changed: this project reads its timeouts from its configuration (line " in message


NUMBERS = {
    "local number": "def get(url):\n    timeout = 30\n    return requests.get(url, timeout=timeout).json()\n",
    "parameter": "def get(url, timeout=30):\n    return requests.get(url, timeout=timeout).json()\n",
    "a setting of another name": (
        "def get(url):\n    retries = current_app.config['RETRIES']\n    return requests.get(url, timeout=30).json()\n"
    ),
    "setdefault of a number": 'def get(url, **kwargs):\n    kwargs.setdefault("timeout", 30)\n    return requests.get(url, **kwargs).json()\n',
    "an imported constant that is a number": "from app.settings import HTTP_TIMEOUT\n\n\ndef get(url):\n    return requests.get(url, timeout=HTTP_TIMEOUT).json()\n",
}


@pytest.mark.parametrize("case", sorted(NUMBERS))
def test_a_wait_that_reads_no_configuration_still_gives_a_number(case):
    client = "import requests\nfrom flask import current_app\n" + NUMBERS[case]
    project = {"app/__init__.py": "", "app/client.py": client, "app/settings.py": "HTTP_TIMEOUT = 30\n"}
    result = run_codemods(OTHER, NAME, path="app/other.py", project=project)
    assert "requests.get(url, timeout=" in result.new_text
    assert finding_messages(result) == []


# A configuration read in one module says nothing of a name of the same spelling another
# module binds: an imported constant is read in the module its import names.
SAME_NAME_ELSEWHERE = {
    "a constant of another module": {"app/jobs.py": 'import os\n\nHTTP_TIMEOUT = int(os.environ["JOB_TIMEOUT"])\n'},
    "a class attribute of another module": {
        "app/config.py": 'import os\n\n\nclass Config:\n    HTTP_TIMEOUT = int(os.environ.get("HTTP_TIMEOUT", 120))\n'
    },
}
# a client of the project that passes the settings module's HTTP_TIMEOUT
SETTINGS_CLIENT = {
    "app/__init__.py": "",
    "app/client.py": (
        "import requests\n\nfrom app.settings import HTTP_TIMEOUT\n\n\ndef get(url):\n"
        "    return requests.get(url, timeout=HTTP_TIMEOUT).json()\n"
    ),
}


@pytest.mark.parametrize("case", sorted(SAME_NAME_ELSEWHERE))
def test_a_configuration_read_of_the_same_name_in_another_module_is_not_the_imported_one(case):
    project = {
        **SETTINGS_CLIENT,
        "app/settings.py": "HTTP_TIMEOUT = 30\n",
        **SAME_NAME_ELSEWHERE[case],
    }
    result = run_codemods(OTHER, NAME, path="app/other.py", project=project)
    assert "requests.get(url, timeout=" in result.new_text
    assert finding_messages(result) == []


def test_a_name_the_settings_module_imports_from_where_it_is_read_is_configured():
    project = {
        **SETTINGS_CLIENT,
        "app/settings.py": "from app.environment import HTTP_TIMEOUT\n",
        "app/environment.py": 'import os\n\nHTTP_TIMEOUT = int(os.environ.get("HTTP_TIMEOUT", 120))\n',
    }
    result = run_codemods(OTHER, NAME, path="app/other.py", project=project)
    assert result.new_text == textwrap.dedent(OTHER)
    [message] = finding_messages(result)
    assert "another module of this project gives its calls a timeout from its configuration (app/client.py:7)" in message
