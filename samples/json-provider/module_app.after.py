from datetime import date
from decimal import Decimal

from flask import Flask, jsonify
from flask.json.provider import DefaultJSONProvider


class CustomJSONProvider(DefaultJSONProvider):
    """Money as strings, dates as ISO 8601."""

    @staticmethod
    def default(obj):
        if isinstance(obj, date):
            return obj.isoformat()
        if isinstance(obj, Decimal):
            return str(obj)
        return DefaultJSONProvider.default(obj)


app = Flask(__name__)
app.json = CustomJSONProvider(app)
app.json.sort_keys = False
app.json.ensure_ascii = False  # show names as they are written
app.json.compact = False


@app.route("/invoice")
def invoice():
    return jsonify(total=Decimal("9.90"), due=date(2024, 1, 31), customer="Zoë")
