"""Word lists for pseudonym handles (256 each, shipped with the package)."""
