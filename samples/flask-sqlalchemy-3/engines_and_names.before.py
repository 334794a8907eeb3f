from flask import current_app
from flask_sqlalchemy import BaseQuery, SQLAlchemy, get_debug_queries


class ActiveQuery(BaseQuery):
    def active(self):
        return self.filter_by(active=True)


db = SQLAlchemy(query_class=ActiveQuery)


def table_names():
    return db.get_engine().table_names()


def users_engine():
    return db.get_engine(bind="users")


def current_engine():
    return db.get_engine(current_app)


def slow_queries():
    return [q.statement for q in get_debug_queries() if q.duration > 0.5]
