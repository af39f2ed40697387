"""The tilgjengelighetserklæring (/tilgjengelighet)."""
