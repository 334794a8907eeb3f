import flask

application = flask.Flask(__name__, static_folder="assets", static_url_path="/assets")
application.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600


@application.route("/")
def index():
    return flask.render_template("index.html")
