import werkzeug.urls
from flask import request


def same_site(url):
    try:
        parts = werkzeug.urls.url_parse(url)
    except ValueError:  # a malformed URL is not this site's
        return False
    return parts.scheme in ("", "https") and parts.netloc in ("", request.host)


def host_of(url):
    return werkzeug.urls.url_parse(url).host
