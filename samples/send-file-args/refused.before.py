from flask import send_file

DOWNLOAD = {"as_attachment": True}


def export(path):
    return send_file(path, attachment_filename="export.zip", **DOWNLOAD)


def twice(path):
    return send_file(path, attachment_filename="a.zip", download_name="b.zip")
