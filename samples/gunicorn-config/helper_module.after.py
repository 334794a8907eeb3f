"""Not an app and not the module gunicorn starts: it never triggers gunicorn-config.

(This samples folder is a project that runs under gunicorn: its Procfile and requirements.txt
name it. gunicorn-config never changes Python source; the gunicorn.conf.py it creates is
checked by tests/codemods/test_gunicorn_config.py.)
"""


def slugify(title):
    return "-".join(title.lower().split())
