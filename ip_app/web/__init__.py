"""Reflex states (thin: they call the domain and data layers) and pages."""
