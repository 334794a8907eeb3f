import sqlalchemy as sa
from flask import request
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def add_note():
    text = request.form["text"]
    db.session.execute(sa.text("INSERT INTO notes (body) VALUES (:body)"), {"body": text})
    db.session.commit()
