from flask import Blueprint

from .extensions import db

bp = Blueprint("reports", __name__)


@bp.route("/report")
def report():
    rows = db.session.execute("SELECT name, total FROM report ORDER BY total DESC").all()
    return {"rows": [list(row) for row in rows]}


@bp.route("/size")
def size():
    return {"bytes": db.engine.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()").scalar()}
