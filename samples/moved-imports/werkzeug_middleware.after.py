from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from .admin import admin_app

app = Flask(__name__)
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=2)
app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/admin": admin_app})
