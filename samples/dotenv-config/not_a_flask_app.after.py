"""A client library: its constants are not the configuration of a Flask app."""
import requests

DEFAULT_HOST = "api.example.org"
DEFAULT_PORT = 443
DEBUG = False


class Client:
    def __init__(self, config):
        self.config = config
        self.config["DEBUG"] = True

    def fetch(self):
        return requests.get(f"https://{DEFAULT_HOST}:{DEFAULT_PORT}/", timeout=10)
