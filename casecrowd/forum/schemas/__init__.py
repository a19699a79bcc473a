"""Marshmallow schemas: envelope kinds (what authors sign) and the API bodies."""
