"""The engine and the scoped session of the bookshop (the layout of the Flask documentation's
"SQLAlchemy in Flask" pattern). A helper module of the across_modules_scoped_session sample."""
from sqlalchemy import create_engine
from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker

engine = create_engine("sqlite:///bookshop.db")
db_session = scoped_session(sessionmaker(autocommit=False, autoflush=False, bind=engine))
Base = declarative_base()
Base.query = db_session.query_property()


def init_db():
    # the models must be imported before the tables are created
    import bookshop.models  # noqa: F401

    Base.metadata.create_all(bind=engine)
