"""Closing and reopening a plan; the person's earlier plans (/tidligere-planer)."""
