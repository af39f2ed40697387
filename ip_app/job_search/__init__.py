"""Jobbsøking: the person's own stillinger and the søkeavtale (/plan/<id>/jobbsok)."""
