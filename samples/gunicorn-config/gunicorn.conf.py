# The sample project's own gunicorn settings: gunicorn-config leaves a project that has
# gunicorn.conf.py alone (what it writes into a new one is shown by its tests and README).
workers = 3
timeout = 60
