"""Tiltak and activities: the status lifecycle, the catalogue of types, the tiltak form and its history."""
