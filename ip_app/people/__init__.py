"""A person's identity: the fødselsnummer (checked, kept only as a keyed hash) and the person search."""
