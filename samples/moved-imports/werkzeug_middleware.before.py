from flask import Flask
from werkzeug.contrib.fixers import ProxyFix
from werkzeug.wsgi import DispatcherMiddleware

from .admin import admin_app

app = Flask(__name__)
app.wsgi_app = ProxyFix(app.wsgi_app, num_proxies=2)
app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/admin": admin_app})
