from flask import Flask

settings = {"static_folder": None, "template_folder": "views"}
app = Flask(__name__, **settings)
