"""Benchmarks of Min plan (issue 7). Entry point: `python -m bench.run` (`make bench`)."""
