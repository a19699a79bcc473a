"""WSGI entry point: ``gunicorn -c python:casecrowd.gunicorn_conf wsgi:app``."""

from casecrowd.app import create_app

app = create_app()
