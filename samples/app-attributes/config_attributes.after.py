from datetime import timedelta

from flask import Flask, current_app

app = Flask(__name__)
app.config["SESSION_COOKIE_NAME"] = "shop_session"
app.config["USE_X_SENDFILE"] = True
app.config["SEND_FILE_MAX_AGE_DEFAULT"] = timedelta(hours=1)
app.config["TEMPLATES_AUTO_RELOAD"] = True


class ShopApp(Flask):
    def __init__(self, import_name):
        super().__init__(import_name)
        self.config["SESSION_COOKIE_NAME"] = "shop"


def cookie_name():
    return current_app.config["SESSION_COOKIE_NAME"]


def cache_seconds():
    return app.send_file_max_age_default.total_seconds()
