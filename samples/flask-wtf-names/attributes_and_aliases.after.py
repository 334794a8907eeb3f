import flask_wtf
from flask_wtf import FlaskForm as BaseForm
from wtforms import fields


class SearchForm(flask_wtf.FlaskForm):
    query = fields.StringField("Query")


class CommentForm(BaseForm):
    body = fields.TextAreaField("Comment")
