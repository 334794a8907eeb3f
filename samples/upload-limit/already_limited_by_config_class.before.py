from flask import Flask, request


class Config:
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024


app = Flask(__name__)
app.config.from_object(Config)


@app.post("/avatar")
def avatar():
    request.files["avatar"].save("avatar.png")
    return "", 204
