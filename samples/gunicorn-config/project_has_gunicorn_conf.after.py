"""Creates the app of a project that runs under gunicorn (see the Procfile and
requirements.txt next to it) and already has its gunicorn.conf.py: nothing to do.

Without that file, this module would make gunicorn-config create one — a project file,
since the codemod never changes Python source."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return "hello"
