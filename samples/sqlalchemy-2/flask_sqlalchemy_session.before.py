from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///shop.db"
db = SQLAlchemy(app)


@app.route("/users/<int:user_id>")
def user(user_id):
    row = db.session.execute("SELECT id, name FROM users WHERE id = :id", {"id": user_id}).first()
    return jsonify(id=row.id, name=row.name)


@app.route("/stats")
def stats():
    total = db.session.execute(
        "SELECT count(*) FROM orders "
        "WHERE status = 'paid'"
    ).scalar()
    return jsonify(total=total)


@app.post("/rename")
def rename():
    db.session.execute("UPDATE users SET name = :name WHERE id = :id", request.get_json())
    db.session.commit()
    return "", 204
