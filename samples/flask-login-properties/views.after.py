import flask_login
from flask import redirect, url_for
from flask_login import current_user


def home():
    if not current_user.is_authenticated:
        return redirect(url_for("login"))
    return "welcome"


def status():
    return "guest" if flask_login.current_user.is_anonymous else "member"


def is_enabled(account):
    return account.is_active()
