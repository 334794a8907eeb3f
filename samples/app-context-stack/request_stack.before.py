from flask import Flask, _request_ctx_stack, jsonify

app = Flask(__name__)


@app.route("/search")
def search():
    term = _request_ctx_stack.top.request.args.get("q", "")
    return jsonify(term=term, agent=_request_ctx_stack.top.request.headers.get("User-Agent"))
