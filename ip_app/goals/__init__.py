"""Goals (mål and delmål) in the person's own words; every earlier wording kept."""
