"""Samtykke: who decides, requests, approve/decline/withdraw, and the person's overview (/samtykker)."""
