from flask import Flask, jsonify, render_template, request

app = Flask(__name__)
ITEMS = ["tea", "cake"]


@app.route("/items")
def items():
    if request.is_xhr:
        return jsonify(ITEMS)
    return render_template("items.html", items=ITEMS)


@app.route("/partial")
def partial():
    wants_fragment = request.is_xhr == (request.args.get("fragment") == "1")
    return "fragment" if wants_fragment else "page"
