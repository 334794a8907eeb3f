import flask
from flask import Flask

app = Flask(__name__)
app.config['SECRET_KEY'] = 'change-me'
app.config['UPLOAD_FOLDER'] = '/srv/uploads'  # mounted volume

# routes
@app.post('/import')
def import_csv():
    rows = flask.request.files['csv'].read().decode().splitlines()
    return {'rows': len(rows)}
