"""Starting the one plan of a person who has none (/ny-plan)."""
