"""An API without a static folder: there is nothing to cache."""
from flask import Flask, jsonify

api = Flask(__name__, static_folder=None)


@api.get("/health")
def health():
    return jsonify(status="ok")
