from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def create_app():
    app = Flask(__name__)
    app.config.from_prefixed_env()
    db.init_app(app)

    @app.route("/health")
    def health():
        db.session.execute(db.text("SELECT 1"))
        return "ok"

    return app
