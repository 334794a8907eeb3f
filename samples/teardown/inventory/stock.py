"""Stock. A helper module of the across_modules_blueprints sample."""
from flask import Blueprint

from inventory.db import get_db

bp = Blueprint("stock", __name__, url_prefix="/stock")


@bp.route("/")
def stock():
    return str(get_db().execute("SELECT SUM(quantity) FROM stock").fetchone()[0])
