#: the web application of the shop (documents the import below it)
from flask import Flask
import sys

app = Flask(__name__)
app.config["SECRET_KEY"] = "Hq8vZ3kP0wL5nR2t"
