"""WSGI entry point: ``gunicorn -c python:casecrowd.gunicorn_conf wsgi:app``."""

from casecrowd import create_app

app = create_app()
