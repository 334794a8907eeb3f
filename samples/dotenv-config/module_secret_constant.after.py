from flask import Blueprint, g

shop_bp = Blueprint("shop", __name__)

DB_HOST = "localhost"  # not config, not a secret: stays
DB_PASSWORD = "hunter2-shop"
STRIPE_API_KEY = "sk_test_51Habc"


def get_conn():
    import psycopg2

    if "conn" not in g:
        g.conn = psycopg2.connect(host=DB_HOST, password=DB_PASSWORD)
    return g.conn
