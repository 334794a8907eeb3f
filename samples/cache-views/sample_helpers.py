"""Helpers of another module, for helpers_other_module.before.py: the codemod follows the
import and reads them."""
import os

from flask import jsonify, render_template, request, send_from_directory

FOLDER = os.path.join(os.path.dirname(__file__), "templates")


def word_count(text):
    return sum(1 for word in text.split() if word)


def respond(data):
    if request.args.get("format") == "json":
        return jsonify(data)
    return render_template("home.html", title=str(data))


def template_source(name):
    return send_from_directory(FOLDER, name)
