try:
    from flask import _app_ctx_stack as stack
except ImportError:
    from flask import _request_ctx_stack as stack


def get_connection(connect):
    ctx = stack.top
    if not hasattr(ctx, "connection"):
        ctx.connection = connect()
    return ctx.connection
