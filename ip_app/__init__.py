"""Min plan: one plan for the person who gets help from several services."""
