"""Flask-SQLAlchemy owns the session lifecycle: nothing to add."""
from flask import Flask, g, jsonify
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///shop.db"
db = SQLAlchemy(app)


class Product(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80))


@app.before_request
def remember_session():
    g.session = db.session


@app.route("/products")
def products():
    connection = db.session.connection()
    names = [p.name for p in g.session.query(Product).all()]
    return jsonify(names=names, dialect=connection.dialect.name)
