import hmac

from werkzeug.security import check_password_hash, safe_str_cmp

from .models import User


def authenticate(username, password):
    user = User.find(username)
    if user and hmac.compare_digest(user.password.encode("utf-8"), password.encode("utf-8")):
        return user
    return None


def valid_token(token, expected):
    return safe_str_cmp(token, expected)


def signature_ok(body, signature, key):
    expected = hmac.new(key, body, "sha256").hexdigest()
    return check_password_hash(signature, expected)
