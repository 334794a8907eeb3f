from datetime import timedelta

from flask import Flask, current_app

app = Flask(__name__)
app.session_cookie_name = "shop_session"
app.use_x_sendfile = True
app.send_file_max_age_default = timedelta(hours=1)
app.templates_auto_reload = True


class ShopApp(Flask):
    def __init__(self, import_name):
        super().__init__(import_name)
        self.session_cookie_name = "shop"


def cookie_name():
    return current_app.session_cookie_name


def cache_seconds():
    return app.send_file_max_age_default.total_seconds()
