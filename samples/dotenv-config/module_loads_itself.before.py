"""Flask 0.x quickstart style: the module's own constants are the configuration."""
from flask import Flask

DEBUG = False
SECRET_KEY = "quickstart-key-77"
USERNAME = "admin"
PASSWORD = "default"
PER_PAGE = 30

app = Flask(__name__)
app.config.from_object(__name__)
