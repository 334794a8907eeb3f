"""Runs gunicorn from Python: the settings live in code, gunicorn.conf.py would not be read."""
from flask import Flask
from gunicorn.app.base import BaseApplication

app = Flask(__name__)


class Server(BaseApplication):
    def __init__(self, application, options):
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


if __name__ == "__main__":
    Server(app, {"bind": "0.0.0.0:8000", "workers": 2}).run()
