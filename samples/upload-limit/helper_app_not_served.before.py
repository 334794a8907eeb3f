"""A command that replays stored uploads through a throwaway app's test client."""
from flask import Flask, request


def replay(paths):
    app = Flask(__name__)

    @app.post("/upload")
    def upload():
        request.files["f"].save("/tmp/replayed")
        return "ok"

    client = app.test_client()
    for path in paths:
        with open(path, "rb") as handle:
            client.post("/upload", data={"f": handle})
