from flask import Blueprint, Flask, current_app

admin = Blueprint("admin", __name__)


def load_permissions():
    current_app.config["PERMISSIONS"] = {"admin": ["read", "write"]}


app = Flask(__name__)
app.register_blueprint(admin, url_prefix="/admin")

with app.app_context():
    load_permissions()
