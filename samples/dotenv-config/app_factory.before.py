import flask


def create_app():
    app = flask.Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY="factory-secret-81f2",
        DATABASE_URL="postgresql://shop:hunter2@db.internal:5432/shop",
        PAGE_SIZE=50,
    )
    app.config.update(MAIL_SERVER="smtp.example.org", MAIL_PORT=587, MAIL_USE_TLS=True)
    app.config.update({"REDIS_URL": "redis://localhost:6379/0", "CACHE_TYPE": "SimpleCache"})
    return app
