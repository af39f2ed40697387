"""The ansvarsgruppe: invite and remove participants, appoint the koordinator, hand over NAV's part."""
