from flask import Flask, render_template

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev"
app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600


@app.route("/")
def index():
    return render_template("index.html")
