from flask import Blueprint
from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker

Session = scoped_session(sessionmaker(bind=create_engine("sqlite://")))
api = Blueprint("api", __name__)


def cleanup(exception=None):
    Session.remove()


api.teardown_app_request(cleanup)


@api.route("/users")
def users():
    return {"users": Session.execute("SELECT name FROM users").all()}
