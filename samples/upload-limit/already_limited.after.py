from flask import Flask, request

app = Flask(__name__)
app.config.update(
    SECRET_KEY="dev",
    MAX_CONTENT_LENGTH=4 * 1024 * 1024,  # avatars only
)


@app.post("/avatar")
def avatar():
    request.files["avatar"].save("avatar.png")
    return "", 204
