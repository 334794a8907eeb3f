from flask import Blueprint, Flask, current_app

admin = Blueprint("admin", __name__)


@admin.before_app_first_request
def load_permissions():
    current_app.config["PERMISSIONS"] = {"admin": ["read", "write"]}


app = Flask(__name__)
app.register_blueprint(admin, url_prefix="/admin")
