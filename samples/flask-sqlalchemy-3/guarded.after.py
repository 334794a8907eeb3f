try:
    from flask_sqlalchemy.query import Query as BaseQuery
except ImportError:
    from flask_sqlalchemy import BaseQuery


class Query(BaseQuery):
    pass
