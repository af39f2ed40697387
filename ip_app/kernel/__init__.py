"""The shared kernel every feature uses and none of them is imported by: the database and its tables,
the access policy and the gate every handler goes through, live updates, sessions, the
catalogues (i18n/) and the Aksel wrappers and page layout (ui/)."""
