"""Demo data for Min plan: fictitious people, plans and dialog (see `seed.py`)."""
