import os

from dotenv import load_dotenv
from flask import Flask

load_dotenv()

app = Flask(__name__)
# the key from the Flask documentation, pasted as is
app.secret_key = os.environ['SECRET_KEY'].encode('latin-1')
