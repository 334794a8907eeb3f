"""The views of this app live in other modules that import it: from here, nothing shows that
it is the app that is served."""
from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev"
