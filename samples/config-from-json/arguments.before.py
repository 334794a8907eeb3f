from flask import Flask

app = Flask(__name__)


def forward(*args):
    return app.config.from_json(*args)
