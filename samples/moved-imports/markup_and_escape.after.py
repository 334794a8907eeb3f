import markupsafe
from flask import Flask
from markupsafe import Markup, escape

app = Flask(__name__)


@app.template_filter("bold")
def bold(text):
    return Markup("<b>%s</b>") % escape(text)


def italic(text):
    return markupsafe.Markup("<i>{}</i>").format(text)
