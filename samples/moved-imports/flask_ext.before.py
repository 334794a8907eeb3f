"""A shop app from 2014: extensions imported through the flask.ext namespace."""
import flask.ext.wtf
from flask import Flask, render_template
from flask.ext import login
from flask.ext.sqlalchemy import SQLAlchemy
from flask.ext.migrate import Migrate as Migrations

app = Flask(__name__)
db = SQLAlchemy(app)
migrations = Migrations(app, db)
login_manager = login.LoginManager(app)


class SearchForm(flask.ext.wtf.FlaskForm):
    pass


@app.route("/")
def index():
    return render_template("index.html", form=SearchForm())
