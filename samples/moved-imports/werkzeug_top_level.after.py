import os

import werkzeug.utils
from flask import Flask, request
from werkzeug import Response
from werkzeug.datastructures import FileStorage
from werkzeug.security import generate_password_hash
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/upload", methods=["POST"])
def upload():
    upload: FileStorage = request.files["file"]
    name = secure_filename(upload.filename)
    upload.save(os.path.join(UPLOADS, name))
    return Response(name)


def hashed(password):
    return generate_password_hash(password)


def quoted_name(raw):
    # the module itself is imported too: its old top-level names are spelled anew
    return werkzeug.utils.secure_filename(raw)
