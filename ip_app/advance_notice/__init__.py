"""Forhåndsorientering on an agreed tiltak: sent from a template, read and confirmed by the person."""
