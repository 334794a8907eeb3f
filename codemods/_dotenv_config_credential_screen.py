"""Which texts no value plugin of detect-secrets can match, told without importing it.

dotenv-config asks detect-secrets' value plugins (every regex-based detector but the keyword
and public-IP ones, ``_dotenv_config_secrets._detect_secrets``) whether a string has a
credential's shape. Importing them costs about 0.15 s of CPU, two thirds of it ``requests``
(their base module imports it to verify what they find over the network), and the gates ask
about most small Flask apps: ``os.environ.get("SECRET_KEY", "some default")`` holds two
strings of eight characters or more.

Each of those plugins looks for something a matching text must hold: a service's prefix
(``ghp_``, ``xoxb-``, ``AKIA``, ``sk_live_``, ``eyJ``), a marker (``PRIVATE KEY``,
``AccountKey=``), a URL with a password (``://user:password@``) or of a service
(SoftLayer's API, Slack's webhooks), a number of eight digits before a colon, or a key word
(key, password, pass, pw, pwd, token) followed by an assignment (``=``, ``:`` or a space,
maybe after a quote or a bracket). A text that holds none of these matches none of the
plugins, and is no credential: the library is not needed to say so. Any other text is asked
of the library itself, so the verdicts are the library's.

tests/codemods/test_dotenv_config_credential_screen.py draws texts from every pattern of the
installed plugins and requires the screen to let each through, compares the screen with the
plugins on many values, and fails when detect-secrets adds a plugin the screen does not know.
Names are screened the same way (``may_be_secret_name``: every name detect-secrets' keywords
and ours make a secret's, tests/codemods/test_dotenv_config_gate.py): a key that names no
secret, holding a string that has no credential's shape, is no secret.
"""

from __future__ import annotations

import re

# What a match of each plugin holds (written for detect-secrets 1.4 and 1.5; the flags are
# the plugins' own: case matters except where they ignore it).
_MARKS = re.compile(
    "|".join(
        (
            r"AKC|AP[\dA-F]",  # Artifactory tokens and passwords
            r"A3T|ABIA|ACCA|AKIA|ASIA|(?i:aws)",  # AWS access keys; an AWS secret named as one
            r"AccountKey=",  # Azure storage
            r"://\S*@",  # a URL with a user and password (basic auth, Cloudant)
            r"(?i:softlayer|hooks\.slack\.com)",  # SoftLayer's API address, Slack's webhooks
            r"[MNO][\w-]{23}",  # Discord bot tokens
            r"gh[pousr]_",  # GitHub tokens
            r"gl[a-z]+-|GR1348941",  # GitLab tokens
            r"eyJ",  # JSON web tokens
            r"-us\d",  # Mailchimp keys
            r"_authToken=",  # npm
            r"T3BlbkFJ",  # OpenAI keys
            r"PRIVATE KEY|PuTTY-User-Key-File",  # private keys
            r"pypi-Ag",  # PyPI tokens
            r"SG\.",  # SendGrid keys
            r"(?i:xox[a-z]-)",  # Slack tokens
            r"sq0csp-",  # Square OAuth secrets
            r"[rs]k_live_",  # Stripe keys
            r"\d{8}:",  # Telegram bot tokens
            r"(?:AC|SK)[a-z\d]{32}",  # Twilio
            # Cloudant, IBM Cloud, IBM COS and SoftLayer: a key word, then an assignment
            r"""(?i:(?:key|pwd?|pass(?:word)?|token)["']?\]?[ =:])""",
        )
    )
)


def may_have_credential_shape(text: str) -> bool:
    """False when no value plugin of detect-secrets can find anything in ``text``."""
    return _MARKS.search(text) is not None


# Every name is_secret_name accepts (a name ending in one of detect-secrets' keywords, or
# token, salt, pass ..., maybe plural, maybe with _FALLBACKS), without importing detect-secrets:
# its keywords and ours (_MORE_SECRET_WORDS), as name endings (tests/codemods/
# test_dotenv_config_gate.py checks this against both lists). SECURITY_PASSWORD_HASH or
# JSON_SORT_KEYS name no secret.
_SECRET_NAME = re.compile(
    r"(?:(?:API|AUTH|SERVICE|ACCOUNT|DB|DATABASE|PRIV|PRIVATE|CLIENT|SIGNING|ENCRYPTION|DECRYPTION|FERNET|HMAC)_?KEY"
    r"|SECRET_\w*KEY|PASS|PW|PASSWORD|PASSWD|PWD|SECRET|CONTRASE\w*A|TOKEN|SALT|CREDENTIALS?|PASSPHRASE)S?(?:_FALLBACKS)?$",
    re.IGNORECASE,
)


def may_be_secret_name(name: str) -> bool:
    return _SECRET_NAME.search(name) is not None
