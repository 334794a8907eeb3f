def create_app():
    from flask import Flask
    app = Flask(__name__)
    try:
        from flask.ext.babel import Babel  # an optional extension, imported where it is used
    except ImportError:
        Babel = None
    if Babel is not None:
        Babel(app)
    from flask_compress import Compress
    Compress(app)
    return app
