import flask_wtf
from flask_wtf import Form as BaseForm
from wtforms import fields


class SearchForm(flask_wtf.Form):
    query = fields.TextField("Query")


class CommentForm(BaseForm):
    body = fields.TextAreaField("Comment")
