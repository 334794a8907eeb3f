from flask import Flask

app = Flask(__name__)
app.config["API_TOKEN"] = "abc1" "def2"  # two pieces: could not be masked in the diff
app.config["MAIL_PASSWORD"] = "pa${USER}ss"  # python-dotenv would expand ${USER}
app.config["ALLOWED_HOSTS"] = ["a.example.org", "b.example.org,c.example.org"]
app.config["SQLALCHEMY_BINDS"] = {"users": "postgresql://app:hunter2@db/users"}
