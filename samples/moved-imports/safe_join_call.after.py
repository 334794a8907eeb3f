from flask import Flask, abort, send_file
from werkzeug.utils import safe_join

app = Flask(__name__)
DOCS = "/srv/docs"


@app.route("/docs/<path:name>")
def document(name):
    path = safe_join(DOCS, name) or abort(404)
    return send_file(path)


def size(name):
    return len((safe_join(DOCS, name) or abort(404)).encode())
