from flask import Flask, request

app = Flask(__name__)


@app.post("/upload")
def upload():
    limit = app.config.get("MAX_CONTENT_LENGTH")
    data = request.files["file"].read(limit)
    return str(len(data))
