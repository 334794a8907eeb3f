from flask import Blueprint, Flask, request

docs = Blueprint("docs", __name__)


@docs.post("/documents")
def add_document():
    request.files["document"].save("/tmp/document")
    return "", 201


app = Flask(__name__)
app.register_blueprint(docs)
