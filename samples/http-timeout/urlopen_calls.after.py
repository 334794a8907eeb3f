"""urllib.request.urlopen, however it is imported."""
import urllib.request
from urllib import request as web
from urllib.request import Request, urlopen


def status(url):
    return urllib.request.urlopen(url, timeout=60).status


def post_form(url, body):
    with web.urlopen(url, body, timeout=60) as response:
        return response.read()


def with_headers(url):
    request = Request(url, headers={"User-Agent": "bookshelf/1.0"})
    with urlopen(request, timeout=60) as response:
        return response.read()


def opened_with_context(url, context):
    return urlopen(url, context=context, timeout=60).read()
