"""Domain rules of Min plan in plain Python (no Reflex, no database).

Each module holds one idea: roles, plan bases, tiltak status lifecycle, consent,
the access policy, progress, readable history, and the right to an IP.
"""
