from datetime import timedelta

from flask import Flask


class ProductionConfig:
    SEND_FILE_MAX_AGE_DEFAULT = timedelta(days=7)


app = Flask(__name__)
app.config.from_object(ProductionConfig)
