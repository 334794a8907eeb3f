from flask import Flask
from flask import request as req


def create_app(test_config=None):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(SECRET_KEY="dev")
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)

    @app.post("/attachments")
    def attach():
        saved = [f.filename for f in req.files.getlist("file")]
        return {"saved": saved}

    return app
