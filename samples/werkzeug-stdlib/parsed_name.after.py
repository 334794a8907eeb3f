from urllib.parse import urlsplit

import werkzeug.urls
from flask import request


def same_site(url):
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed URL is not this site's
        return False
    return parts.scheme in ("", "https") and parts.netloc in ("", request.host)


def host_of(url):
    return werkzeug.urls.url_parse(url).host
