import os

from dotenv import load_dotenv
from flask import Blueprint, g

load_dotenv()

shop_bp = Blueprint("shop", __name__)

DB_HOST = "localhost"  # not config, not a secret: stays
DB_PASSWORD = os.environ["DB_PASSWORD"]
STRIPE_API_KEY = os.environ["STRIPE_API_KEY"]


def get_conn():
    import psycopg2

    if "conn" not in g:
        g.conn = psycopg2.connect(host=DB_HOST, password=DB_PASSWORD)
    return g.conn
