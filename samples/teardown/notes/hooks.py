"""Request hooks of the notes app: the connection get_db() opens is closed here. A helper
module of the already_closed_in_another_module sample."""
from flask import g


def init_app(app):
    @app.teardown_appcontext
    def close_db(exception=None):
        db = g.pop("db", None)
        if db is not None:
            db.close()
