from flask import Flask

app = Flask(__name__)
if hasattr(app, "json"):
    app.json.sort_keys = False
else:
    app.config["JSON_SORT_KEYS"] = False
