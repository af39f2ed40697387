"""Slik går det: how a tiltak goes, in the words of the participant responsible for it."""
