try:
    from sqlalchemy.orm import declarative_base
except ImportError:
    from sqlalchemy.ext.declarative import declarative_base

from sqlalchemy import create_engine, text

engine = create_engine("sqlite://")
Base = declarative_base()


def ping():
    with engine.connect() as conn:
        return conn.execute(text("SELECT 1")).scalar()
