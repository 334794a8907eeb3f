from werkzeug import url_quote
from werkzeug.urls import url_encode, url_join


def search_link(base, terms):
    return url_join(base, "/search?" + url_encode({"q": terms}))


def path_for(name):
    return "/files/" + url_quote(name)
