"""The notes' views. A helper module of the already_closed_in_another_module sample."""
from flask import Blueprint

from notes.db import get_db

bp = Blueprint("notes", __name__)


@bp.route("/")
def index():
    return str(get_db().execute("SELECT COUNT(*) FROM notes").fetchone()[0])
