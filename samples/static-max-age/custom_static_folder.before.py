import flask

application = flask.Flask(__name__, static_folder="assets", static_url_path="/assets")


@application.route("/")
def index():
    return flask.render_template("index.html")
