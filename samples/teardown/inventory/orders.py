"""Orders. A helper module of the across_modules_blueprints sample."""
from flask import Blueprint

from .db import get_db

bp = Blueprint("orders", __name__, url_prefix="/orders")


@bp.route("/")
def orders():
    return str(get_db().execute("SELECT COUNT(*) FROM orders").fetchone()[0])
