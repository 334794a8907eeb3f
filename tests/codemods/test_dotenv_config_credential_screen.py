"""The screen that tells, without importing detect-secrets, a text none of its value plugins
can match (codemods/_dotenv_config_credential_screen.py): every text drawn from a pattern of
the installed plugins passes it, and on many values the verdicts are the library's."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flask_codemod.codemods import _dotenv_config_secrets as secrets
from flask_codemod.codemods._dotenv_config_credential_screen import may_have_credential_shape

# The value plugins the screen was written for: a plugin detect-secrets adds fails here (its
# patterns must then be read and the screen taught what their matches hold).
KNOWN = {
    "ArtifactoryDetector", "AWSKeyDetector", "AzureStorageKeyDetector", "BasicAuthDetector", "CloudantDetector",
    "DiscordBotTokenDetector", "GitHubTokenDetector", "GitLabTokenDetector", "IbmCloudIamDetector",
    "IbmCosHmacDetector", "JwtTokenDetector", "MailchimpDetector", "NpmDetector", "OpenAIDetector",
    "PrivateKeyDetector", "PypiTokenDetector", "SendGridDetector", "SlackDetector", "SoftlayerDetector",
    "SquareOAuthDetector", "StripeDetector", "TelegramBotTokenDetector", "TwilioKeyDetector",
}


def detectors():
    return secrets._detect_secrets().shape_detectors


def full_shape(text: str) -> bool:
    """``has_credential_shape`` asked of the library whatever the text holds."""
    library = secrets._detect_secrets()
    if secrets._public_url(text, library):
        return False
    for detector in library.shape_detectors:
        for found in detector.analyze_string(text):
            if detector.__class__.__name__ == "BasicAuthDetector":
                if secrets._judge_value(found, "", library) is secrets.SECRET:
                    return True
                continue
            return True
    return False


def any_match(text: str) -> bool:
    return any(True for detector in detectors() for _ in detector.analyze_string(text))


def test_the_screen_knows_every_value_plugin_of_the_installed_library():
    assert {type(detector).__name__ for detector in detectors()} <= KNOWN


PATTERNS = [(type(d).__name__, pattern) for d in detectors() for pattern in d.denylist]


@pytest.mark.parametrize("pattern", [p for _, p in PATTERNS], ids=[f"{n}-{i}" for i, (n, _) in enumerate(PATTERNS)])
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_text_a_plugin_pattern_matches_passes_the_screen(pattern, data):
    text = data.draw(st.from_regex(pattern))
    assert may_have_credential_shape(text) or not any_match(text), text


WORDS = ["secret", "key", "dev", "change", "me", "this", "should", "be", "configured", "hard", "to", "guess",
         "string", "super", "SECRET_KEY", "my", "app", "token", "password", "flask", "default", "pass", "pw"]


def _values(count: int, seed: int) -> list[str]:
    """Defaults of every kind a config holds: words joined, random keys, URLs, numbers."""
    rng = random.Random(seed)
    alphabet = string.ascii_letters + string.digits + "_-.:/=@+ '\"[]"
    values = []
    for _ in range(count):
        kind = rng.randrange(5)
        if kind == 0:
            values.append(rng.choice("_- ").join(rng.choice(WORDS) for _ in range(rng.randint(1, 5))))
        elif kind == 1:
            values.append("".join(rng.choice(alphabet) for _ in range(rng.randint(8, 70))))
        elif kind == 2:
            values.append("".join(rng.choice(string.ascii_letters + string.digits) for _ in range(rng.randint(8, 64))))
        elif kind == 3 and rng.randrange(2):
            values.append(f"{rng.choice(['https', 'postgres', 'redis'])}://{rng.choice(WORDS)}:{rng.choice(WORDS)}@host/{rng.choice(WORDS)}")
        elif kind == 3:
            query = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 50)))
            values.append(f"https://{rng.choice(WORDS)}.example.com/{rng.choice(WORDS)}?{rng.choice(WORDS)}={query}")
        else:
            values.append(f"{rng.choice(WORDS)}{rng.choice(['=', ': ', ' ', '] = '])}{''.join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(rng.randint(20, 70)))}")
    return values


SAMPLES = [
    "this_should_be_configured", "hard to guess string", "SECRET_KEY", "you-will-never-guess", "changeme",
    "sk_live_" + "a" * 24, "ghp_" + "A" * 36, "AKIA" + "B" * 16, "xoxb-123-456-abc", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.x",
    "-----BEGIN RSA PRIVATE KEY-----", "postgres://user:s3cretpass@db/app", "https://example.com/x?api_key=abc",
    "api_key = " + "a" * 44, "cloudant_password: " + "f" * 64, "123456789:" + "A" * 35, "AC" + "a" * 32,
    "SG." + "a" * 22 + "." + "b" * 43, "AKC" + "x" * 12, "APB" + "x" * 10, "pypi-AgEIcHlwaS5vcmc" + "a" * 70,
    "M" + "a" * 23 + ".abcdef." + "b" * 27, "glpat-" + "a" * 20, "sq0csp-" + "a" * 43, "a" * 32 + "-us12",
    "https://api.example.com/img/logo.png", "https://accounts.example.com/o/oauth2/auth", "https://hooks.slack.com/services/T0A/B0B/abc",
    "http://api.softlayer.com/soap/v3/" + "a" * 64, "https://acct:" + "a" * 24 + "@acct.cloudant.com", "ftp://files.example.org/x",
    "//registry.npmjs.org/:_authToken=npm_abc", "AccountKey=" + "a" * 88, "sk-" + "a" * 20 + "T3BlbkFJ" + "b" * 20,
]


def test_on_many_values_the_screen_lets_through_every_credential_the_library_finds():
    values = SAMPLES + _values(3000, 31)
    screened_out = [value for value in values if not may_have_credential_shape(value)]
    assert len(screened_out) > 500  # (the screen settles most plain defaults)
    assert [value for value in screened_out if any_match(value)] == []
    assert [value for value in values if secrets.has_credential_shape(value) != full_shape(value)] == []


@pytest.mark.parametrize("name", ["SECRET_KEY", "MAIL_PASSWORD", "API_TOKEN", "DATABASE_URL", "HELP_TEXT", "SQLALCHEMY_DATABASE_URI", "JSON_SORT_KEYS"])
def test_the_verdicts_are_the_library_s(name, monkeypatch):
    values = SAMPLES + _values(400, len(name))
    screened = [secrets.judge(name, value) for value in values] + [secrets.is_secret_name(name)]
    monkeypatch.setattr(secrets, "may_have_credential_shape", lambda text: True)
    monkeypatch.setattr(secrets, "may_be_secret_name", lambda name: True)
    assert screened == [secrets.judge(name, value) for value in values] + [secrets.is_secret_name(name)]


def test_a_plain_default_is_judged_without_the_library():
    """``os.environ.get("SECRET_KEY", "this_should_be_configured")``: neither string has a
    credential's shape; ``SQLALCHEMY_DATABASE_URI = "sqlite:///db.sqlite"`` is neither a
    secret's name nor a credential; nothing is imported to say so."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from flask_codemod.codemods._dotenv_config_secrets import NOT_SECRET, has_credential_shape, is_secret_name, judge\n"
        "assert not has_credential_shape('SECRET_KEY') and not has_credential_shape('this_should_be_configured')\n"
        "assert judge('SQLALCHEMY_DATABASE_URI', 'sqlite:///db.sqlite') == NOT_SECRET and not is_secret_name('HELP_TEXT')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('detect_secrets', 'requests')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"
