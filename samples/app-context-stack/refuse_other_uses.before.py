from flask import Flask, _app_ctx_stack

app = Flask(__name__)


def current_application():
    return _app_ctx_stack.top.app


def run_in_context(function):
    ctx = app.app_context()
    _app_ctx_stack.push(ctx)
    try:
        return function()
    finally:
        _app_ctx_stack.pop()


def remember(value):
    _app_ctx_stack.top.remembered = value


def recalled():
    return _app_ctx_stack.top.remembered
