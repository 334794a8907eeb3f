from flask import Flask

from platforms import current as os  # "os" here is not the standard library

app = Flask(__name__)
app.config["SECRET_KEY"] = "s3cr3t-" + "not-moved"
app.secret_key = "f00dfeed"
