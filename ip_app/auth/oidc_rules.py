"""Rules for OpenID Connect login (issue 9), without any I/O.

Security levels (acr) are ordered; a login is accepted when its level is at or
above the configured minimum. An unknown level is refused: we cannot tell how
strong it is.
"""

from __future__ import annotations

# ID-porten's levels, weakest first (eIDAS "substantial" = MinID, "high" = BankID, Buypass, Commfides)
DEFAULT_ACR_ORDER = ("idporten-loa-low", "idporten-loa-substantial", "idporten-loa-high")

# Why a login was refused -> the catalogue key the person sees. The audit log keeps the exact reason.
REFUSALS = {
    "off": "login.oidc_error_off",
    "cancelled": "login.oidc_error_cancelled",
    "state": "login.oidc_error_state",
    "invalid": "login.oidc_error_invalid",
    "acr": "login.oidc_error_acr",
    "unknown": "login.oidc_error_unknown",
    "wrong_kind": "login.oidc_error_unknown",
    "provider": "login.oidc_error_provider",
}


def acr_ok(acr: str, minimum: str, order: tuple[str, ...] = DEFAULT_ACR_ORDER) -> bool:
    """Whether a login at level `acr` meets `minimum` (no minimum: any login)."""
    if not minimum:
        return True
    if acr not in order or minimum not in order:
        return acr == minimum
    return order.index(acr) >= order.index(minimum)


def account_kind_allowed(provider: str, kind: str) -> bool:
    """ID-porten logs in people (and relatives/guardians); Entra ID logs in staff only."""
    if provider == "staff":
        return kind == "staff"
    return kind in ("person", "relative")
