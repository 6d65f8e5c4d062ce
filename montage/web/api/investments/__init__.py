"""The investments' part of the JSON API: routes.py (its router), schemas.py (its shapes)."""
