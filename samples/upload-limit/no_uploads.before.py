"""A form handler that reads only text fields: nothing is uploaded, nothing changes."""
from flask import Flask, request

app = Flask(__name__)


@app.post("/comment")
def comment():
    return {"text": request.form["text"]}
