"""The caseload (porteføljen): the people a veileder or koordinator follows."""
