"""The IP's own contents: resources, needs for help, samarbeidsparter and sub-goals, every wording kept."""
