"""The "SQLAlchemy in Flask" pattern: a module-level engine and a scoped session."""
from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("sqlite:///app.db")
db_session = scoped_session(sessionmaker(autoflush=False, bind=engine))


def count_users():
    return db_session.execute(text("SELECT count(*) FROM users")).scalar()


def table_names():
    with engine.connect() as conn:
        return [row[0] for row in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))]


def archive(order_id):
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM orders WHERE id = :id"), {"id": order_id})


def purge():
    with engine.connect() as conn:
        conn.execute("DELETE FROM sessions")


def legacy_report():
    return engine.execute("SELECT * FROM report").fetchall()
