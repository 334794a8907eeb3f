from flask import Flask, safe_join, send_file

app = Flask(__name__)
DOCS = "/srv/docs"


@app.route("/docs/<path:name>")
def document(name):
    path = safe_join(DOCS, name)
    return send_file(path)


def size(name):
    return len(safe_join(DOCS, name).encode())
