from datetime import date
from decimal import Decimal

from flask import Flask, jsonify
from flask.json import JSONEncoder


class CustomJSONEncoder(JSONEncoder):
    """Money as strings, dates as ISO 8601."""

    def default(self, obj):
        if isinstance(obj, date):
            return obj.isoformat()
        if isinstance(obj, Decimal):
            return str(obj)
        return super().default(obj)


app = Flask(__name__)
app.json_encoder = CustomJSONEncoder
app.config["JSON_SORT_KEYS"] = False
app.config["JSON_AS_ASCII"] = False  # show names as they are written
app.config["JSONIFY_PRETTYPRINT_REGULAR"] = True


@app.route("/invoice")
def invoice():
    return jsonify(total=Decimal("9.90"), due=date(2024, 1, 31), customer="Zoë")
