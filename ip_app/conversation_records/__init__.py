"""Samtalereferat: NAV's veileder's referat of a conversation with the person, read and confirmed by the person."""
