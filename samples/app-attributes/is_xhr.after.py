from flask import Flask, jsonify, render_template, request

app = Flask(__name__)
ITEMS = ["tea", "cake"]


@app.route("/items")
def items():
    if request.headers.get("X-Requested-With", "").lower() == "xmlhttprequest":
        return jsonify(ITEMS)
    return render_template("items.html", items=ITEMS)


@app.route("/partial")
def partial():
    wants_fragment = (request.headers.get("X-Requested-With", "").lower() == "xmlhttprequest") == (request.args.get("fragment") == "1")
    return "fragment" if wants_fragment else "page"
