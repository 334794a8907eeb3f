"""Two apps in one module: only the one whose views take uploads gets the limit."""
from flask import Flask, request

public = Flask(__name__)
admin = Flask("admin")


@public.get("/")
def home():
    return "hello"


@admin.post("/logo")
def logo():
    request.files["logo"].save("static/logo.png")
    return "saved"
