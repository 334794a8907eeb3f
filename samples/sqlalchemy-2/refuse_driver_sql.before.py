from sqlalchemy import create_engine

engine = create_engine("postgresql://shop@db/shop")


def search(term):
    with engine.connect() as conn:
        return conn.execute("SELECT * FROM products WHERE name LIKE %s", ("%" + term + "%",)).fetchall()


def opening_hours():
    with engine.connect() as conn:
        return conn.execute("SELECT * FROM shops WHERE opens < '09:30'").fetchall()
