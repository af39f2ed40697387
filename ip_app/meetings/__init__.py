"""Meetings of the plan: set up, move, cancel; who sees which."""
