from flask import Flask, json, request

app = Flask(__name__)


@app.route("/hook", methods=["POST"])
def hook():
    event = json.loads(request.get_data())
    return {"type": event["type"]}


def load_fixture(handle):
    return json.load(handle)


def legacy_export(data):
    return json.dumps(data, encoding="utf-8")


def latin(raw):
    return json.loads(raw, encoding="latin-1")
