"""The first Flask() is thrown away on the next line: the served app comes from the factory."""
from flask import Flask

from shop import create_app

app = Flask(__name__)
app = create_app()


@app.route("/health")
def health():
    return "ok"
