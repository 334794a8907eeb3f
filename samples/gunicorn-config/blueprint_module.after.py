from flask import Blueprint

bp = Blueprint("pages", __name__)


@bp.get("/about")
def about():
    return "about us"
