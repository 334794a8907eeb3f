"""Only plain code constants: nothing depends on the environment, nothing is secret."""
from flask import Flask

app = Flask(__name__)
app.config["ITEMS_PER_PAGE"] = 20
app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024
app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600
app.config["JSON_SORT_KEYS"] = False
app.config["SECURITY_PASSWORD_HASH"] = "bcrypt"  # names an algorithm, not a secret
app.config.update(SESSION_COOKIE_SECURE=True, TEMPLATES_AUTO_RELOAD=False)


@app.route("/")
def index():
    return "hello"


if __name__ == "__main__":
    app.run(debug=False)
