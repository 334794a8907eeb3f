"""atexit is already imported (under another name): it is reused, not imported again."""
import atexit as at_exit
import io

from flask import Flask

app = Flask(__name__)
ERRORS = io.open("errors.log", "a")


def flush_errors():
    ERRORS.flush()


# registered after ERRORS is created: it runs before the close, so the close is safe
at_exit.register(flush_errors)


@app.errorhandler(500)
def on_error(error):
    ERRORS.write(f"{error}\n")
    return "internal error", 500
