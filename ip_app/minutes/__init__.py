"""Referat of a held meeting: who took part, what was discussed and agreed; the person reads and confirms."""
