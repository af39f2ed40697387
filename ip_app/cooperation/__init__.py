"""Samarbeidsavtale between the NAV office and the municipality (/samarbeidsavtale)."""
