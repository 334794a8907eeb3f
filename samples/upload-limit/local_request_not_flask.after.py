"""``request`` here is a parameter, not flask.request: its .files is none of Flask's business."""
from flask import Flask

app = Flask(__name__)


def attachments(request):
    return [f.filename for f in request.files]


@app.get("/")
def index():
    return "ok"
