"""The restore view accepts backups up to 256 MiB: a 16 MiB request limit would refuse them."""
from flask import Flask, abort, request

app = Flask(__name__)

BACKUP_CEILING = 256 * 1024 * 1024


@app.post("/restore")
def restore():
    if request.content_length is None or request.content_length > BACKUP_CEILING:
        abort(413)
    request.files["backup"].save("/var/backups/latest.tar")
    return "restored"
