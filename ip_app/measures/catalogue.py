"""The tiltak catalogue: common types of tiltak from NAV and the municipality.

Each type names the plan(s) it usually serves and who usually provides it. The
texts the person reads live in the translation catalogue under
`catalogue.<key>.name` and `catalogue.<key>.about`; the provider's name under
`catalogue.provider.<provider>`. A tiltak with kind "" is the person's or staff's
own free-text tiltak and stays possible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ip_app.kernel.roles import OrgKind
from ip_app.plan.rules import PlanBasis

A, IP, INT, KVP = (PlanBasis.AKTIVITETSPLAN, PlanBasis.INDIVIDUELL_PLAN,
                   PlanBasis.INTEGRERINGSPLAN, PlanBasis.KVALIFISERINGSPROGRAM)


@dataclass(frozen=True)
class MeasureType:
    key: str
    serves: tuple[PlanBasis, ...]  # the plans it usually serves, most typical first
    provider: OrgKind  # who usually provides it

    @property
    def name_key(self) -> str:
        return f"catalogue.{self.key}.name"

    @property
    def about_key(self) -> str:
        return f"catalogue.{self.key}.about"

    @property
    def provider_key(self) -> str:
        return f"catalogue.provider.{self.provider.value}"


CATALOGUE: tuple[MeasureType, ...] = (
    MeasureType("arbeidsforberedende_trening", (A, KVP, IP), OrgKind.NAV),
    MeasureType("arbeidstrening", (A, KVP, INT), OrgKind.NAV),
    MeasureType("mentor", (A, IP), OrgKind.NAV),
    MeasureType("ips", (A, IP), OrgKind.DPS),
    MeasureType("hjelpemidler", (A, IP), OrgKind.NAV),
    MeasureType("arbeidsrettet_oppfolging", (A, KVP), OrgKind.NAV),
    MeasureType("jobbsokerkurs", (A, KVP, INT), OrgKind.NAV),
    MeasureType("norskopplaering", (INT,), OrgKind.ADULT_EDUCATION),
    MeasureType("samfunnskunnskap", (INT,), OrgKind.ADULT_EDUCATION),
    MeasureType("grunnskole", (INT, KVP), OrgKind.ADULT_EDUCATION),
    MeasureType("tilrettelagt_fagopplaering", (INT, A), OrgKind.OTHER),
    MeasureType("hurtigspor", (INT,), OrgKind.NAV),
    MeasureType("kvp_aktivitet", (KVP,), OrgKind.NAV),
    MeasureType("behandling", (IP,), OrgKind.DPS),
    MeasureType("fastlege_oppfolging", (IP,), OrgKind.GP),
    MeasureType("bolig_oppfolging", (IP, KVP), OrgKind.MUNICIPALITY),
    MeasureType("okonomisk_radgivning", (KVP, IP), OrgKind.NAV),
)

BY_KEY: dict[str, MeasureType] = {m.key: m for m in CATALOGUE}


def get(key: str) -> Optional[MeasureType]:
    """The type for a stored key; None for own free-text tiltak or an unknown key."""
    return BY_KEY.get((key or "").strip())


def is_known(key: str) -> bool:
    return get(key) is not None


def for_plan(bases: list[PlanBasis]) -> list[MeasureType]:
    """Types for a plan with these bases: those serving one of them first, then the rest.

    Every type stays choosable (a plan may need a tiltak its bases seldom use).
    """
    wanted = set(bases)
    first = [m for m in CATALOGUE if wanted & set(m.serves)]
    return first + [m for m in CATALOGUE if m not in first]


def default_serves(key: str, bases: list[PlanBasis]) -> list[PlanBasis]:
    """The plan bases a new tiltak of this type serves in a plan with `bases`."""
    m = get(key)
    if m is None:
        return bases[:1]
    hit = [b for b in bases if b in m.serves]
    return hit or bases[:1]
