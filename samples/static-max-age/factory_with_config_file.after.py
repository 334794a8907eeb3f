from flask import Flask


def create_app():
    app = Flask(__name__, instance_relative_config=True)
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600
    app.config.from_object("settings.Base")
    app.config.from_prefixed_env()

    from . import views

    app.register_blueprint(views.bp)
    return app
