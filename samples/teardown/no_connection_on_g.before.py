"""Things on g that are not connections, and connect() calls that are not databases."""
import redis
from flask import Flask, g, request
from flask.signals import request_started

app = Flask(__name__)
cache = redis.Redis(host="localhost")  # a client with its own pool: fine to share


def log_request(sender, **extra):
    sender.logger.debug("request started")


request_started.connect(log_request, app)


@app.before_request
def load_user():
    g.user = request.headers.get("X-User")
    g.visits = cache.incr("visits")


@app.route("/")
def index():
    return {"user": g.user, "visits": g.visits}
