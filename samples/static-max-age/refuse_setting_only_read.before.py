from flask import Flask, render_template

app = Flask(__name__)


@app.get("/")
def index():
    cache_for = app.config.get("SEND_FILE_MAX_AGE_DEFAULT") or 0
    return render_template("index.html", cache_for=cache_for)
