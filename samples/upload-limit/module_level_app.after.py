"""Photo upload service."""
import os

from flask import Flask, request

UPLOAD_DIR = "uploads"

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024


@app.route("/photos", methods=["POST"])
def upload_photo():
    photo = request.files["photo"]
    photo.save(os.path.join(UPLOAD_DIR, photo.filename))
    return "", 201
