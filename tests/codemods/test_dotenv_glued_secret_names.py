"""dotenv-config: a secret word glued to the word before it (``DBPASSWORD``, ``APPSECRET``,
``AUTHTOKEN``) names a secret as ``DB_PASSWORD`` does, where the word cannot end another word:
password, passwd, passphrase, secret, token, credential(s). The short words (PASS, PW, PWD,
SALT) and KEY end other words (BYPASS, COMPASS, OLDPWD, BASALT, MONKEY): they still need a
``_`` or the start before them (detect-secrets' own glued pairs, APIKEY or DBPASS, stay).

xunfeng's ``config.py`` moved ``PASSWORD`` and left ``DBPASSWORD`` (its MongoDB password, read
by the web app and two other processes) in the code."""

from __future__ import annotations

import pytest

from dotenv_support import apply, config_of, make, start
from flask_codemod.codemods._dotenv_config_credential_screen import may_be_secret_name
from flask_codemod.codemods._dotenv_config_secrets import PLACEHOLDER, SECRET, is_secret_name, judge


@pytest.mark.parametrize(
    "name",
    ["DBPASSWORD", "ROOTPASSWORD", "MYSQL_ROOTPASSWORD", "SMTPPASSWD", "APPSECRET", "BING_APPSECRET", "CLIENTSECRET",
     "AUTHTOKEN", "SLACK_BOTTOKEN", "ACCESSTOKENS", "SSHPASSPHRASE", "OAUTHCREDENTIALS", "APIKEY", "DBPASS"],
)
def test_a_secret_word_glued_to_the_word_before_it_names_a_secret(name):
    assert is_secret_name(name) and may_be_secret_name(name)


@pytest.mark.parametrize(
    "name",
    ["BYPASS", "LIMIT_BYPASS", "COMPASS", "MAILPASS", "OLDPWD", "BASALT", "MONKEY", "KEYWORDS", "PASSWORDLESS",
     "TOKEN_EXPIRES", "PASSWORD_MIN_LENGTH", "TOKENIZER", "SECRETARY", "ITSDANGEROUSKEY", "ROOTPW"],
)
def test_a_word_that_only_holds_or_ends_in_a_short_secret_word_names_none(name):
    assert not is_secret_name(name)


def test_the_value_is_still_judged():
    assert judge("DBPASSWORD", "scanlol66") == SECRET
    assert judge("APPSECRET", "changeme") == PLACEHOLDER
    assert judge("AUTHTOKEN", "=") != SECRET
    assert judge("LOSTTOKEN", "lost-token") != SECRET  # the name of a token's action, not a token


CONFIG = """
class Config(object):
    ACCOUNT = 'admin'
    PASSWORD = 'xunfeng321'


class ProductionConfig(Config):
    DB = '127.0.0.1'
    PORT = 65521
    DBUSERNAME = 'scan'
    DBPASSWORD = 'scanlol66'
    DBNAME = 'xunfeng'
"""
APP = """
from flask import Flask
from config import ProductionConfig

app = Flask(__name__)
app.config.from_object(ProductionConfig)
"""


def test_a_glued_password_moves_beside_the_plain_one_and_the_app_reads_the_same_config(tmp_path):
    root = tmp_path / "scanner"
    make(root, {"config.py": CONFIG, "views/__init__.py": APP, "requirements.txt": "Flask\n"})
    before = config_of(start(root, "views", "module.app"))
    apply(root)
    rewritten = (root / "config.py").read_text()
    assert "scanlol66" not in rewritten and "xunfeng321" not in rewritten
    assert "DBPASSWORD = os.environ['DBPASSWORD']" in rewritten
    assert "DBUSERNAME = 'scan'" in rewritten and "DBNAME = 'xunfeng'" in rewritten
    env = (root / ".env").read_text()
    assert "DBPASSWORD=scanlol66" in env.replace('"', "").replace("'", "")
    assert config_of(start(root, "views", "module.app")) == before
