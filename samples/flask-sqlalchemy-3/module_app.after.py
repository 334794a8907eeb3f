from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "mysql://shop@db/shop"
app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
    "pool_size": 20,
    "pool_recycle": 280,  # MySQL drops idle connections after 300 s
}
db = SQLAlchemy(app)


@app.teardown_appcontext
def commit_session(exception=None):
    if exception is None:
        db.session.commit()


class Order(db.Model):
    id = db.Column(db.Integer, primary_key=True)


@app.post("/orders")
def create_order():
    db.session.add(Order())
    return "", 201
