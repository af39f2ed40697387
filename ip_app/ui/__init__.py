"""Presentation: NAV's Aksel components wrapped once, and small reusable pieces."""
