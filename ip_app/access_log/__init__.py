"""Tilgangslogg: who saw or changed the plan, for the person (/tilgangslogg)."""
