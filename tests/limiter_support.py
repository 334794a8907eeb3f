"""The rate-limited shop both gunicorn-config limiter tests run: its extension module with
Flask-Limiter's default (in-memory) storage, and the files that show gunicorn starts it."""

DEFAULT_STORAGE = """\
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(default_limits=["1440 per hour"], key_func=get_remote_address)
"""

STARTED = {"requirements.txt": "flask\nflask-limiter\ngunicorn\n", "Procfile": "web: gunicorn shop.app:app\n", "shop/__init__.py": ""}
