"""Archiving (arkivering): PDF/A snapshots of a plan handed to an archive target."""
