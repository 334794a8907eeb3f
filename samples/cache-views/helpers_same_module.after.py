"""Helpers of the same module count: one that reads the request makes the view per-request."""
from flask import Flask, request, session
from flask_caching import Cache

app = Flask(__name__)
cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})


def current_language():
    return request.accept_languages.best or "en"


def greeting():
    return "Hello" if current_language() == "en" else "Hallo"


def user_name():
    return session.get("user")


def countdown(n):
    # recursive, and harmless
    return [] if n == 0 else [n] + countdown(n - 1)


def audit(view):
    def wrapper(*args, **kwargs):
        session["seen"] = True
        return view(*args, **kwargs)

    return wrapper


class Greeter:
    def __init__(self):
        self.name = user_name()


@app.route("/greeting")
def home():
    return greeting() + str(countdown(3))


@app.route("/audited")
@audit
def audited():
    return "audited"


@app.route("/greeter")
def greeter():
    return Greeter().name or "guest"


@app.route("/tagged")
@some.decorator
def tagged():
    return "tagged"


@app.route("/count")
def count_page():
    return "3"


@app.route("/twice")
@cache.cached(timeout=300)
def twice():
    return count_page() + str(countdown(2))
