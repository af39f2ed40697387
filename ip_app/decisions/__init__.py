"""Vedtak the person reads (what, why, the legal basis, how to appeal) and the klage they send (/plan/<id>/vedtak)."""
