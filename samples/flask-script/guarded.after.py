try:
    from flask_script import Manager
except ImportError:  # Flask 2 or later: the flask command is used instead
    Manager = None
