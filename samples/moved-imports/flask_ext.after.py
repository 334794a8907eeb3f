"""A shop app from 2014: extensions imported through the flask.ext namespace."""
import flask_wtf
from flask import Flask, render_template
import flask_login as login
from flask_sqlalchemy import SQLAlchemy
from flask_migrate import Migrate as Migrations

app = Flask(__name__)
db = SQLAlchemy(app)
migrations = Migrations(app, db)
login_manager = login.LoginManager(app)


class SearchForm(flask_wtf.FlaskForm):
    pass


@app.route("/")
def index():
    return render_template("index.html", form=SearchForm())
