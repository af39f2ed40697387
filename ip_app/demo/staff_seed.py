"""Demo staff roles and the demo administrator (issue 19).

`admin` (Mona Lie) administers Molde kommune – flyktningtjenesten: creates its staff
accounts, sets their roles and deactivates them; `navadmin` (Hege Berg) administers NAV
Molde (its staff, and kontorsperre on its plans). The veiledere and the koordinator may
start plans; the other helpers take part when invited."""

from __future__ import annotations

from typing import Any

from ip_app.staff.rules import StaffRole, format_roles

ROLES = {
    "veileder": (StaffRole.VEILEDER,),
    "veileder2": (StaffRole.VEILEDER,),
    "koordinator": (StaffRole.KOORDINATOR,),
    "behandler": (StaffRole.TJENESTEYTER,),
    "jobbspesialist": (StaffRole.TJENESTEYTER,),
    "laerer": (StaffRole.TJENESTEYTER,),
    "fastlege": (StaffRole.TJENESTEYTER,),
}


def seed_staff(b: Any) -> None:
    for username, roles in ROLES.items():
        acct = b.accounts[username]
        acct.staff_roles = format_roles(roles)
        b.s.add(acct)
    b.account("admin", "Mona Lie", "staff", org="flyktning", created=-400,
              title="Administrator, Molde kommune", phone="+47 400 01 108",
              email="mona.lie@molde.kommune.example",
              staff_roles=format_roles((StaffRole.ADMINISTRATOR,)))
    # the administrator of NAV Molde: sets and lifts kontorsperre on the office's plans
    b.account("navadmin", "Hege Berg", "staff", org="nav_molde", created=-400,
              title="Administrator, NAV Molde", phone="+47 400 01 109",
              email="hege.berg@nav.example",
              staff_roles=format_roles((StaffRole.ADMINISTRATOR,)))
