"""Which values dotenv-config treats as secrets, and which config keys as settings that
depend on the environment.

A secret is judged by its value as well as its name, with detect-secrets (a library made for
finding secrets in code): its keyword list says which names hold secrets, its value plugins
recognise credentials of a known shape wherever they are (a cloud key, a private key, a URL
with a password, a token of a known service), and its entropy measure tells a random string
from a word. What is not a secret, whatever the name says: identifiers and key names
(``"myapp_limiter.token"``, ``"reset-password"``, ``"client_secret_basic"``,
``"fido2_credential"``), a web address with no credential in it (no password before the host,
no ``api_key=``-like parameter, no token of a known shape), prefixes
(``"ghp_"``), masks (``"--------"``), templates, and values the author marked as no secret
(``# noqa: S105``, ``# nosec``, ``# pragma: allowlist secret``). A word where a secret
belongs (``"dev"``, ``"changeme"``, ``"hard to guess string"``), also a phrase with sentence
punctuation (``"very secret!"``) or the app's name with a release number
(``"sqlite-browser-0.1.0"``, ``"notes_v2"``: a label anyone reading the project knows), words
run together in CamelCase (``"SecretKeyForSigning"``) or a number of a few digits where a
generated key belongs (``"123456790"``) is a placeholder: no real secret, so nothing moves,
but worth a finding.

detect-secrets is imported on first use: only files that hold a candidate pay for it, and
not for a string that holds nothing its value plugins look for.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ._dotenv_config_credential_screen import may_be_secret_name, may_have_credential_shape

SECRET, PLACEHOLDER, NOT_SECRET = "secret", "placeholder", "not a secret"

CONFIG_KEY = re.compile(r"^[A-Z][A-Z0-9_]*$")

# Comments by which an author says a literal is no secret (flake8-bandit/ruff S105-S107,
# bandit's nosec, detect-secrets' own allowlist pragma).
_MARKED_NOT_SECRET = re.compile(r"noqa:[^#]*\bS10[5-7]\b|#\s*nosec\b|pragma:\s*allowlist[ -]secret", re.IGNORECASE)

# Beyond detect-secrets' keyword list: names Flask configs commonly give their secrets. As the
# last word of a name, PASS and PW are short for password (MAIL_PASS, SMTP_PW), as detect-secrets
# already takes DB_PASS: a word of their own, so BYPASS or COMPASS stay. A key named by a
# cryptographic use (SIGNING_KEY, ENCRYPTION_KEY, FERNET_KEY, HMAC_KEY) is a secret whatever it
# holds; a KEY named otherwise names no secret by itself (JSON_SORT_KEYS, RECAPTCHA_PUBLIC_KEY,
# STRIPE_PUBLISHABLE_KEY, CACHE_KEY_PREFIX).
_MORE_SECRET_WORDS = (
    "token", "salt", "credentials?", "passphrase", r"secret_\w*key", "pass", "pw",
    "(?:signing|encryption|decryption|fernet|hmac)_?key",
)
# Flask's own list of retired secret keys (``SECRET_KEY_FALLBACKS``) holds secrets too.
_SECRET_LIST_SUFFIX = "(_fallbacks)?"
# Secret words that end no other word, so that one glued to the word before it names a secret
# as it does after ``_`` (DBPASSWORD, APPSECRET, AUTHTOKEN; detect-secrets' keyword detector
# reads them anywhere in a name). PASS, PW, PWD, SALT and a KEY end other words (BYPASS,
# COMPASS, OLDPWD, BASALT, MONKEY): they stay words of their own, or detect-secrets' glued
# pairs (APIKEY, DBPASS).
_GLUED_SECRET_WORDS = ("password", "passwd", "passphrase", "secret", "token", "credentials?", "contrase(?:n|ñ)a")


def is_config_key(name: str) -> bool:
    """Flask reads only UPPER_CASE keys from objects and files; the variable name must be an
    identifier as well."""
    return bool(CONFIG_KEY.match(name))


@lru_cache(maxsize=1)
def _detect_secrets() -> Any:
    """The parts of detect-secrets used here, imported once."""
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
    from detect_secrets.filters.heuristic import is_sequential_string, is_templated_secret
    from detect_secrets.plugins.base import RegexBasedDetector
    from detect_secrets.plugins.high_entropy_strings import Base64HighEntropyString
    from detect_secrets.plugins.keyword import DENYLIST

    words = [word for word in DENYLIST if word.isascii()] + list(_MORE_SECRET_WORDS)
    # the name ends with a secret word: MAIL_PASSWORD, JWT_SECRET_KEY, GITHUB_TOKEN, but not
    # SECURITY_PASSWORD_HASH or JWT_TOKEN_LOCATION (things about a secret)
    name = re.compile(
        rf"(?:(?:^|_)(?:{'|'.join(words)})|(?:{'|'.join(_GLUED_SECRET_WORDS)}))s?{_SECRET_LIST_SUFFIX}$", re.IGNORECASE
    )
    keyword = re.compile("|".join(words), re.IGNORECASE)
    shapes = [
        cls()
        for cls in get_mapping_from_secret_type_to_class().values()
        if issubclass(cls, RegexBasedDetector) and cls.__name__ not in ("KeywordDetector", "IPPublicDetector")
    ]

    class Library:
        secret_name = name
        secret_word = keyword
        shape_detectors = shapes
        entropy = Base64HighEntropyString().calculate_shannon_entropy
        sequential = staticmethod(is_sequential_string)
        templated = staticmethod(is_templated_secret)

    return Library


def load_detect_secrets() -> None:
    _detect_secrets()


def is_secret_name(name: str) -> bool:
    """A config key that names a secret: its last word is one of detect-secrets' keywords
    (``password``, ``secret``, ``api_key``, ...), or token, salt, credentials; a word that ends
    no other word may be glued to the one before it (``DBPASSWORD``). A name the
    screen's ``may_be_secret_name`` refuses is none, without importing the library."""
    return may_be_secret_name(name) and bool(_detect_secrets().secret_name.search(name))


def has_credential_shape(text: str) -> bool:
    """A value of a known credential shape (detect-secrets' value plugins: cloud keys,
    service tokens, private keys, a URL with a password that is not a placeholder); not a web
    address that carries no credential (``_public_url``). A text that holds nothing any of
    those plugins looks for is none, without importing them (``_dotenv_config_credential_screen``)."""
    if not may_have_credential_shape(text):
        return False
    library = _detect_secrets()
    if _public_url(text, library):
        return False
    for detector in library.shape_detectors:
        for found in detector.analyze_string(text):
            if detector.__class__.__name__ == "BasicAuthDetector":
                if _judge_value(found, "", library) is SECRET:  # "postgres://user:password@db"
                    return True
                continue
            return True
    return False


def marked_not_secret(comment: str) -> bool:
    return bool(_MARKED_NOT_SECRET.search(comment))


def judge(name: str, value: str, comment: str = "") -> str:
    """SECRET, PLACEHOLDER or NOT_SECRET for config key ``name`` holding string ``value``
    (``comment``: the comments on its line)."""
    if not value or marked_not_secret(comment):
        return NOT_SECRET
    if not may_be_secret_name(name) and not may_have_credential_shape(value):
        return NOT_SECRET  # no secret's name, no credential's shape: what the library says below
    library = _detect_secrets()
    if _not_a_secret(name, value, library):
        return NOT_SECRET
    if has_credential_shape(value):
        return SECRET
    if not library.secret_name.search(name):
        return NOT_SECRET
    return _judge_value(value, name, library)


def verdict_of(name: str, kind: str, strings: tuple[str, ...], comment: str = "") -> str:
    """The verdict on a literal of ``kind`` (``EnvValue.kind``: "str", "bytes", "list" ...)
    that config key ``name`` holds: the strongest ``judge`` gives over the ``strings`` in it
    (the collector's, and the gate's for module constants)."""
    if kind not in ("str", "bytes", "list", "tuple"):
        return NOT_SECRET
    verdicts = {judge(name, text, comment) for text in strings}
    for verdict in (SECRET, PLACEHOLDER):
        if verdict in verdicts:
            return verdict
    return NOT_SECRET


def _words(text: str) -> list[str]:
    return [word for word in re.split(r"[^a-z0-9]+", text.lower()) if word]


def _not_a_secret(name: str, value: str, library: Any) -> bool:
    """Shapes no secret has: a mask, a template, a prefix, a key name or protocol word."""
    if not any(character.isalnum() for character in value) or len(set(value)) == 1:
        return True  # "--------", "********", "AAAAAAAAAAAA"
    if library.templated(value) or re.search(r"\{\w*\}|%\(\w+\)s|%s|\$\{|^\$\w+$", value):
        return True  # "{{ token }}", "<your key>", "%(secret)s"
    if len(value) <= 12 and value[-1] in "_-:. " and re.fullmatch(r"[A-Za-z0-9_.:\- ]+", value):
        return True  # "ghp_", "sk_live_", "Bearer "
    identifier = _IDENTIFIER.fullmatch(value)
    if identifier and ("." in value or library.secret_word.search(value)):
        return True  # "myapp_limiter.token", "client_secret_basic", "reset-password", "fido2_credential"
    if _public_url(value, library):
        return True  # "https://docs.google.com/spreadsheet/ccc?key=0AsN...&usp=sharing"
    value_words = _words(value)
    return bool(identifier) and set(value_words) <= set(_words(name))  # RESET_PASSWORD = "reset-password"


# A name made of words, each letters with at most a short number after them ("fido2", "sha256",
# "oauth2"), joined by ``. _ : / -``: a key, a field's or a protocol's name, no generated text.
_IDENTIFIER = re.compile(r"[A-Za-z]+\d{0,3}(?:[._:/-][A-Za-z]+\d{0,3})+")


def _public_url(value: str, library: Any) -> bool:
    """A web address that carries no credential: no user or password before its host, no
    query parameter named as a secret (``api_key=``, ``access_token=``), and no credential of
    a known shape in its path or in a parameter's value read alone (a Slack webhook, a GitHub
    token). A detector that keys on a word before a long text (``key=0AsNlt...``, a shared
    document's id) reads the parameter's name, not a credential."""
    if not re.fullmatch(r"(?:https?|ftp)://[^\s'\"<>]+", value, re.IGNORECASE):
        return False
    try:
        parts = urlsplit(value)
        parameters = parse_qsl(parts.query, keep_blank_values=True)
    except ValueError:
        return False
    if "@" in parts.netloc or not parts.hostname:
        return False
    if any(library.secret_name.search(name) for name, _ in parameters):
        return False
    pieces = [f"{parts.scheme}://{parts.netloc}{parts.path}", *(text for _, text in parameters), parts.fragment]
    return not any(found for piece in pieces if piece for detector in library.shape_detectors for found in detector.analyze_string(piece))


# A phrase a person typed: words (letters, joined inside by ``_ . - '``), each maybe in quotes
# and followed by sentence punctuation, one or more spaces apart ("top secret!", "change me,
# please.", "it's secret"). Punctuation between letters ("xK!qZ;pW") is no phrase.
_WORD = r"""["']?[A-Za-z]+(?:[_.'\-][A-Za-z]+)*[!?.,;:"']*"""
_PHRASE = re.compile(rf"{_WORD}(?: +{_WORD})*")


def _is_words(value: str) -> bool:
    return not re.search(r"[^A-Za-z _.\-]", value) or bool(_PHRASE.fullmatch(value))


# A version number at the end of a value: ``-0.1.0``, `` 1.4``, ``_v2``, ``.2.0.7``.
_RELEASE = re.compile(r"[-_. ]?(?:v?\d+(?:\.\d+)+|v\d+)$", re.IGNORECASE)


# Names of what a machine generates (a key, salt or token), as opposed to a password a person
# chooses: SECRET_KEY, SECURITY_PASSWORD_SALT, API_TOKEN, but not MAIL_PASSWORD or DB_PASS.
_GENERATED = re.compile(r"(?:(?:^|_)(?:key|salt)|secret|token)s?(?:_fallbacks)?$", re.IGNORECASE)
# A number of fewer digits than this is typed filler where a generated key belongs ("123456790",
# the key of Flask-Admin's examples): sixteen digits hold less than a 10-letter random text.
_TYPED_NUMBER_DIGITS = 16


def _judge_value(value: str, name: str, library: Any) -> str:
    """A value where a secret belongs: a real secret, or a placeholder standing for one."""
    release = _RELEASE.search(value)
    if release and release.start() > 0 and _is_words(value[: release.start()]):
        value = value[: release.start()]  # an app's name and release ("wiki-0.1.0"): a label
    letters = re.sub(r"[^A-Za-z]", "", value)
    if _is_words(value):  # only letters, separators and sentence punctuation: words
        if _looks_random(letters, library) and not _camel_case_words(value):
            return SECRET
        return PLACEHOLDER  # "dev", "changeme", "secret key", "hard to guess string", "MyAppKey"
    if len(value) < 6 or library.sequential(value):
        return PLACEHOLDER  # "dev1", "12345678"
    if value.isdigit() and len(value) < _TYPED_NUMBER_DIGITS and _GENERATED.search(name):
        return PLACEHOLDER  # SECRET_KEY = "123456790": a number typed where a generated key belongs
    return SECRET


# A piece of a CamelCase phrase: a word of two letters or more with a vowel, capitalized or not.
_CAMEL_PIECE = re.compile(r"[A-Za-z][a-z]*")
_VOWELS = frozenset("aeiouyAEIOUY")


def _camel_case_words(value: str) -> bool:
    """Words run together with capitals ("SecretKeyForSigning", "keyForTheSession"): each run
    of letters breaks at its capitals into pieces of two letters or more, each with a vowel.
    Random mixed-case letters break into single letters, capitals in a row or pieces without
    a vowel."""
    runs = re.findall(r"[A-Za-z]+", value)
    if not runs:
        return False
    for run in runs:
        pieces = _CAMEL_PIECE.findall(run)
        if any(len(piece) < 2 or not _VOWELS.intersection(piece) for piece in pieces):
            return False
    return True


def _looks_random(letters: str, library: Any) -> bool:
    """Letters that are no words: mixed case inside words, and a high entropy."""
    if len(letters) < 12:
        return False
    inner_capitals = len(re.findall(r"(?<=[a-z])[A-Z]", letters))
    return inner_capitals >= 3 and library.entropy(letters) >= 3.5


# -- settings ---------------------------------------------------------------------------------

# Settings that differ between a developer's machine, CI and production: where the app's
# services are. Not Flask's mode switches (DEBUG, TESTING, ENV): a variable named DEBUG is set
# for other software too (and Flask reads its own, FLASK_DEBUG), and debug mode read from it
# would turn on the debugger of an app started with app.run() wherever something sets it.
SETTING_NAMES = frozenset({"SERVER_NAME", "PREFERRED_URL_SCHEME"})
SETTING_LAST_WORDS = frozenset(
    {
        "URI", "URL", "URLS", "DSN", "HOST", "HOSTS", "HOSTNAME", "PORT", "SERVER", "SERVERS",
        "DOMAIN", "ENDPOINT", "USER", "USERNAME", "DATABASE", "DB", "BUCKET", "REGION",
    }
)
SETTING_FIRST_WORDS = frozenset({"MAIL", "SMTP", "DATABASE", "DB", "REDIS", "MONGO", "MONGODB", "POSTGRES", "MYSQL"})

SERVICE_URL_SCHEMES = (
    r"(postgres|postgresql|mysql|mariadb|sqlite|oracle|mssql|redis|rediss|amqp|amqps|mongodb"
    r"|memcached|elasticsearch|cockroachdb)(\+[A-Za-z0-9_]+)?"
)
_SERVICE_URL = re.compile("^" + SERVICE_URL_SCHEMES + "://", re.IGNORECASE)


# Last words of settings that name where something is reached: their value is a setting only
# when it names a place beyond the app (a scheme, a host); a path ("/login/") is a route of the
# app's own, the same wherever it runs.
_LOCATION_WORDS = frozenset({"URI", "URL", "URLS"})


def names_app_routes(name: str, strings: tuple[str, ...]) -> bool:
    """A URL-named key whose values are paths on the app's own host: ``SECURITY_LOGIN_URL =
    "/login/"``. A protocol-relative ``//host/...`` names another host."""
    words = [word for word in name.upper().split("_") if word]
    if not (words and words[-1] in _LOCATION_WORDS and strings):
        return False
    return all(text.startswith("/") and not text.startswith("//") for text in strings)


def is_setting_name(name: str) -> bool:
    parts = [word for word in name.upper().split("_") if word]
    if not parts:
        return False
    return name.upper() in SETTING_NAMES or parts[-1] in SETTING_LAST_WORDS or parts[0] in SETTING_FIRST_WORDS


def looks_like_service_url(text: str) -> bool:
    """A database, cache or broker URL: where it points depends on the environment."""
    return bool(_SERVICE_URL.match(text))

