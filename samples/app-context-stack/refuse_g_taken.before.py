from flask import _app_ctx_stack

from .graphs import g


def cached_layout(build):
    top = _app_ctx_stack.top
    if not hasattr(top, "layout"):
        top.layout = build(g)
    return top.layout
