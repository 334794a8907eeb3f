"""A Cache instance imported from the project's extensions module is reused."""
from flask import Blueprint, render_template

from sample_extensions import cache

import catalogue

bp = Blueprint("catalogue", __name__)


@bp.route("/catalogue")
def listing():
    return render_template("home.html", title=catalogue.count_items())
