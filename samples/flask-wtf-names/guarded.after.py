try:
    from flask_wtf import FlaskForm
except ImportError:  # Flask-WTF before 0.13
    from flask_wtf import Form as FlaskForm


class ProfileForm(FlaskForm):
    pass
