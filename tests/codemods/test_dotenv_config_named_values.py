"""dotenv-config: a name and a public web address are no secrets (findings audit, session 27).

linotp's ``TOKEN_INFO_CREDENTIAL = "fido2_credential"`` names a field of a token's info (a key
name with a short number in a word); pybossa's ``TEMPLATE_TASKS`` holds shared Google Docs
links (``?key=<document id>&usp=sharing``), which detect-secrets' IBM Cloud IAM rule reads as
``key=`` and a long text. Neither is reported; a real secret beside them still is (and still
moves), and so is a web address that carries a credential."""

from __future__ import annotations

import pytest

from flask_codemod.codemods._dotenv_config_secrets import NOT_SECRET, SECRET, judge
from helpers import finding_messages, rewrite, run_codemods

NAME = "dotenv-config"

DOC_LINK = "https://docs.google.com/spreadsheet/ccc?key=0AsNlt0WgPAHwdHFEN29mZUF0czJWMUhIejF6dWZXdkE&usp=sharing"


@pytest.mark.parametrize(
    "name, value",
    [
        ("TOKEN_INFO_CREDENTIAL", "fido2_credential"),
        ("OAUTH_TOKEN_FIELD", "oauth2.access_token"),
        ("TEMPLATE_TASKS", DOC_LINK),
        ("DOCS_TOKEN_URL", "https://example.org/oauth2/token"),
    ],
)
def test_names_and_public_addresses_are_no_secrets(name, value):
    assert judge(name, value) == NOT_SECRET


@pytest.mark.parametrize(
    "name, value",
    [
        ("SECRET_KEY", "x8f3K2pQz9LmW4vN7tR1"),
        ("SECRET_KEY", "my_token_x8f3k2"),  # words, then generated text
        ("HOOK", "https://hooks.slack.com/services/T0ABCDEFG/B0ABCDEFG/abcdefghijklmnopqrstuvwx"),
        ("DATABASE_URI", "postgres://shop:Jf8sL2pQ9xW4mZ7v@db/shop"),
        ("FEED", "https://example.org/feed?t=ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
    ],
)
def test_secrets_and_addresses_that_carry_one_still_are(name, value):
    assert judge(name, value) == SECRET


def test_an_address_with_a_secret_parameter_is_not_called_public():
    from flask_codemod.codemods._dotenv_config_secrets import _detect_secrets, _public_url

    assert _public_url(DOC_LINK, _detect_secrets())
    assert not _public_url("https://api.example.org/v1?api_key=x8f3K2pQz9LmW4vN7tR1", _detect_secrets())
    assert not _public_url("https://user:pw@example.org/", _detect_secrets())


MODULE = (
    "from flask import Blueprint\n\n"
    'TOKEN_INFO_CREDENTIAL = "fido2_credential"\n'
    f'TEMPLATE_TASKS = {{"image": "{DOC_LINK}"}}\n'
    'API_SECRET = "Jf8sL2pQ9xW4mZ7v"\n'
)


def test_a_module_is_reported_for_its_real_secret_only():
    result = run_codemods(MODULE, NAME, path="views.py")
    assert result.new_text == MODULE
    assert [m.split(": ", 1)[1] for m in finding_messages(result)] == [
        "dotenv-config: API_SECRET: hard-coded secrets outside the Flask configuration; move them out of the code by hand"
    ]


def test_in_the_flask_configuration_the_link_stays_and_the_secret_moves():
    source = (
        "from flask import Flask\napp = Flask(__name__)\n"
        f'app.config["TEMPLATE_TASKS"] = {{"image": "{DOC_LINK}"}}\n'
        'app.config["SECRET_KEY"] = "4e9b1c7d20fa83e6"\n'
    )
    new = rewrite(source, NAME, path="app.py", project={"requirements.txt": "flask\n"})
    assert 'os.environ["SECRET_KEY"]' in new
    assert f'app.config["TEMPLATE_TASKS"] = {{"image": "{DOC_LINK}"}}' in new


def test_a_link_inside_an_expression_is_no_credential():
    """pybossa: ``TEMPLATE_TASKS = {...: "<a shared Google Docs link>"}`` in its default
    settings was reported as "holds a credential inside an expression"."""
    source = (
        "from flask import Flask\napp = Flask(__name__)\n"
        f'app.config["TEMPLATE_TASKS"] = dict(image="{DOC_LINK}", sound="{DOC_LINK}".replace("ccc", "pub"))\n'
        'app.config["HOOKS"] = dict(slack="https://hooks.slack.com/services/T0ABCDEFG/B0ABCDEFG/abcdefghijklmnopqrstuvwx".strip())\n'
    )
    result = run_codemods(source, NAME, path="app.py", project={"requirements.txt": "flask\n"})
    messages = finding_messages(result)
    assert not any("TEMPLATE_TASKS" in message for message in messages), messages
    assert any("HOOKS holds a credential inside an expression" in message for message in messages), messages
