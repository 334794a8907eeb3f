"""Already upgraded, or written for several versions: nothing to change."""
from flask import Flask
from markupsafe import Markup
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.utils import secure_filename

try:
    from flask import escape
except ImportError:
    from markupsafe import escape

try:
    from werkzeug.contrib.fixers import ProxyFix as LegacyProxyFix
except ImportError:
    LegacyProxyFix = ProxyFix

app = Flask(__name__)


def label(name):
    return Markup("<b>{}</b>").format(escape(secure_filename(name)))
