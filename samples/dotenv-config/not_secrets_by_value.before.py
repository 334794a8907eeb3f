"""Names that look like secrets, values that are not: nothing here moves but the real key."""
from flask import Flask

SECRET_KEY = "c2Vjb25kLWtleS1mb3ItdGhlLXNob3A9"
TOKEN_KEY = "myshop_limiter.token"
RESET_PASSWORD = "reset-password"
SECRET_PLACEHOLDER = "--------"
TOKEN_PREFIX = "shp_"  # noqa: S105
AUTH_METHODS = ["client_secret_basic", "client_secret_post"]
SESSION_TOKEN_HEADER = "X-Session-Token"

app = Flask(__name__)
app.config.from_object(__name__)
