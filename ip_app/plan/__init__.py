"""The plan (planen): its bases, period, progress, the person's page (Min plan) and the staff start page."""
