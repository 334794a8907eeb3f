"""Flask 0.x quickstart style: the module's own constants are the configuration."""
import os

from dotenv import load_dotenv
from flask import Flask

load_dotenv()

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
USERNAME = "admin"
PASSWORD = "default"
PER_PAGE = 30

app = Flask(__name__)
app.config.from_object(__name__)
