import os

#: the web application of the shop (documents the import below it)
from flask import Flask
import sys

from dotenv import load_dotenv

load_dotenv()

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
