"""Samordning: tiltak across the people a staff member follows (/samordning)."""
