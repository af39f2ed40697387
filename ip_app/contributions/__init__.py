"""Hvem gjør hva: what each participant contributes, every earlier text kept."""
