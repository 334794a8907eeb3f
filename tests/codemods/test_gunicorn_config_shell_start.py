"""gunicorn-config and a start of gunicorn inside a string given to a shell (the realworld
corpus: realms-wiki's ``start`` command runs ``Popen("%sgunicorn 'realms:create_app()' -b
%s:%s -k gevent %s" % (...), shell=True)``). Such a start settles gunicorn's folder and options
in code as the list form ``Popen(["gunicorn", ...])`` does: no file. The string's literal text
is read as a command line; where a string that names gunicorn cannot be read whole, whether
it starts gunicorn cannot be told: no file either, and a finding says which string."""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

APP = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n    return 'hi'\n"
FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}


def run(commands: str):
    result = run_codemods(APP, "gunicorn-config", files={**FILES, "commands.py": commands}, path="app.py")
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


@pytest.mark.parametrize(
    "commands",
    [
        # a %-formatted command given to a shell
        "from subprocess import Popen\n\n\ndef start(host, port):\n"
        "    Popen(\"gunicorn 'app:app' -b %s:%s -k gevent --daemon\" % (host, port), shell=True)\n",
        # a command after a cd, given to os.system
        "import os\n\n\ndef start():\n    os.system('cd /srv/shop && exec gunicorn -w 4 app:app')\n",
        # an f-string given to subprocess.call with shell=True
        "import subprocess\n\n\ndef start(port):\n    subprocess.call(f'nohup gunicorn app:app -b :{port} &', shell=True)\n",
        # a command built in a variable, then run
        "import subprocess\n\n\ndef start(flags):\n    command = 'gunicorn app:app ' + flags\n"
        "    subprocess.check_call(command, shell=True)\n",
        # a shell started with -c from a list
        "import subprocess\n\n\ndef start():\n    subprocess.run(['bash', '-c', 'source venv/bin/activate; gunicorn app:app'])\n",
    ],
)
def test_a_start_inside_a_shell_command_string_gets_no_file(commands):
    result, created = run(commands)
    assert created == {}
    [message] = finding_messages(result)
    assert "the project starts gunicorn from Python (commands.py:" in message and "nothing generated" in message


def test_a_shell_string_that_names_gunicorn_but_cannot_be_read_gets_no_file():
    """realms-wiki: the program word is ``%sgunicorn``, a prefix given at run time."""
    commands = (
        "from subprocess import Popen\n\n\ndef start(prefix, host, port, flags):\n"
        "    Popen(\"%sgunicorn 'app:app' -b %s:%s -k gevent %s\" %\n"
        "          (prefix, host, port, flags), shell=True, executable='/bin/bash')\n"
    )
    result, created = run(commands)
    assert created == {}
    [message] = finding_messages(result)
    assert "commands.py:5" in message and "cannot be read" in message and "nothing generated" in message


@pytest.mark.parametrize(
    "commands",
    [
        "import subprocess\n\n\ndef backup():\n    subprocess.call('pg_dump shop > /tmp/shop.sql', shell=True)\n",
        "import os\n\n\ndef info():\n    os.system('pip show gunicorn')\n",
        "import logging\n\nlog = logging.getLogger(__name__)\n\n\ndef note():\n    log.info('served by gunicorn')\n",
    ],
)
def test_other_shell_commands_leave_the_file(commands):
    result, created = run(commands)
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)
