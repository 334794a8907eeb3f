import jinja2
from flask import Flask, Markup, escape

app = Flask(__name__)


@app.template_filter("bold")
def bold(text):
    return Markup("<b>%s</b>") % escape(text)


def italic(text):
    return jinja2.Markup("<i>{}</i>").format(text)
