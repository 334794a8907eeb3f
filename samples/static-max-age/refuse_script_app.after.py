"""A maintenance script: its app only opens a context to seed the database."""
from flask import Flask

from shop.models import db, seed

app = Flask(__name__)
app.config.from_object("shop.settings")
db.init_app(app)

with app.app_context():
    seed(db)
