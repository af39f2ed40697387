"""Roles a person can have in a plan (deltakere) and kinds of organisation."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PERSON = "person"  # bruker: the person the plan belongs to
    VEILEDER = "veileder"  # NAV-veileder
    KOORDINATOR = "koordinator"  # koordinator (IP): responsible for coordination and progress
    TJENESTEYTER = "tjenesteyter"  # other service provider: DPS, adult education, GP, ...
    PARORENDE = "parorende"  # pårørende (relative), only as far as the person wants
    VERGE = "verge"  # verge / foresatt (guardian)


STAFF_ROLES = frozenset({Role.VEILEDER, Role.KOORDINATOR, Role.TJENESTEYTER})


class OrgKind(StrEnum):
    NAV = "nav"
    MUNICIPALITY = "kommune"
    DPS = "dps"
    ADULT_EDUCATION = "voksenopplaering"
    GP = "fastlege"
    OTHER = "annen"
