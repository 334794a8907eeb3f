import hmac
from urllib.parse import urlsplit

from werkzeug.security import check_password_hash, generate_password_hash
from werkzeug.urls import iri_to_uri

try:  # Werkzeug < 3.0 still has it; newer ones get the standard library's
    from werkzeug.urls import url_parse
except ImportError:
    url_parse = urlsplit


def is_local(url):
    return urlsplit(url).netloc == ""


def same(a: bytes, b: bytes):
    return hmac.compare_digest(a, b)


def ascii_location(url):
    return iri_to_uri(url)
