import os

from dotenv import load_dotenv
import flask

load_dotenv()


def create_app():
    app = flask.Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY=os.environ["SECRET_KEY"],
        DATABASE_URL=os.environ["DATABASE_URL"],
        PAGE_SIZE=50,
    )
    app.config.update(MAIL_SERVER=os.environ.get("MAIL_SERVER", "smtp.example.org"), MAIL_PORT=int(os.environ.get("MAIL_PORT", 587)), MAIL_USE_TLS=os.environ.get("MAIL_USE_TLS", "true").lower() in ("1", "true", "yes", "on"))
    app.config.update({"REDIS_URL": os.environ.get("REDIS_URL", "redis://localhost:6379/0"), "CACHE_TYPE": "SimpleCache"})
    return app
