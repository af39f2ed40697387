"""The § 14 a assessment (arbeidsevnevurdering) with versions and the person's own view."""
