from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/search")
def search():
    term = request.args.get("q", "")
    return jsonify(term=term, agent=request.headers.get("User-Agent"))
