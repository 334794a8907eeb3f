"""Settings read with app.config.from_pyfile("settings.py")."""
SECRET_KEY = "change me"
JSON_SORT_KEYS = False
