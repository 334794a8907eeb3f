from flask import current_app
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.query import Query
from flask_sqlalchemy.record_queries import get_recorded_queries


class ActiveQuery(Query):
    def active(self):
        return self.filter_by(active=True)


db = SQLAlchemy(query_class=ActiveQuery)


def table_names():
    return db.engine.table_names()


def users_engine():
    return db.engines["users"]


def current_engine():
    return db.engine


def slow_queries():
    return [q.statement for q in get_recorded_queries() if q.duration > 0.5]
