"""A small ledger on a plain SQLAlchemy session; some of its SQL is built as strings."""
from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker
from sqlalchemy.sql.expression import text

engine = create_engine("sqlite:///ledger.db")
session = scoped_session(sessionmaker(bind=engine))

ARCHIVE = "entries_archive"
YEAR_AGO = "booked < date('now', '-1 year')"


def balance(account):
    return session.execute(text("SELECT sum(amount) FROM entries WHERE account = :a"), {"a": account}).scalar()


def archive(table):
    session.execute("CREATE TABLE IF NOT EXISTS %s AS SELECT * FROM %s WHERE 0" % (ARCHIVE, table))
    session.execute("INSERT INTO " + ARCHIVE + " SELECT * FROM " + table + " "
                    "WHERE " + YEAR_AGO)
    session.execute("DELETE FROM {} WHERE {}".format(table, YEAR_AGO))
    session.commit()


def totals():
    return session.execute("SELECT account, sum(amount) FROM entries "
                           "GROUP BY account "
                           "ORDER BY account").fetchall()
