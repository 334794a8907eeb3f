import flask as fl
from sqlalchemy import create_engine

engine = create_engine('sqlite:///reports.db')
application = fl.Flask(__name__)


def get_connection():
    conn = engine.connect()
    fl.g.connection = conn
    return conn


@application.route('/reports')
def reports():
    return {'n': get_connection().exec_driver_sql('SELECT 1').scalar()}
