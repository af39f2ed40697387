"""Evaluations of the plan (/plan/<id>/evaluering): next date and plan period."""
