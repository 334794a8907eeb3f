from flask import Blueprint, g, request

bp = Blueprint("stats", __name__)


@bp.before_app_first_request
def remember_host():
    record_host()


def record_host():
    g.first_host = request.host
