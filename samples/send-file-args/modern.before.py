from flask import send_file, send_from_directory
from werkzeug.utils import send_file as werkzeug_send_file


def report(data):
    return send_file(data, download_name="report.csv", max_age=0, etag=False)


def media(name):
    return send_from_directory("/srv/media", name)


def raw(path, environ):
    return werkzeug_send_file(path, environ, download_name="raw.bin")


def not_flask(filename):
    send_file = print
    return send_file(filename, cache_timeout=1)
