from flask_login import current_user


class User:
    """A user model written for Flask-Login 0.2: the flags are methods."""

    def is_authenticated(self):
        return True

    def is_active(self):
        return self.enabled


def greeting():
    if current_user.is_authenticated():
        return "hello again"
    return "hello"
