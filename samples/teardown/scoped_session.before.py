from flask import Flask, jsonify
from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("sqlite:///app.db")
db_session = scoped_session(sessionmaker(bind=engine))

app = Flask(__name__)


@app.route("/ping")
def ping():
    return jsonify(db_session.execute(text("SELECT 1")).scalar())
