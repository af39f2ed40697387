"""The right to an individuell plan (/ip-rett): the decision tree and its vedtak."""
