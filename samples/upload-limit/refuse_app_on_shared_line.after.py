from flask import Flask, request

app = Flask(__name__); app.config.from_envvar("UPLOAD_SETTINGS")


@app.post("/upload")
def upload():
    return str(len(request.files["file"].read()))
