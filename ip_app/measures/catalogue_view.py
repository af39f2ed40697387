"""The tiltak catalogue as the page shows it: names, plain descriptions, providers.

Plain Python (no Reflex), texts in the viewer's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from ip_app.kernel.i18n import t
from ip_app.measures import catalogue


@dataclass
class KindText:
    name: str = ""
    about: str = ""
    provider: str = ""  # "Vanligvis gitt av: NAV"
    serves: str = ""  # "Hører vanligvis til: Aktivitetsplan, Individuell plan"


def kind_text(key: str, lang: str) -> KindText:
    """What a card shows about its tiltak type; empty for an own free-text tiltak."""
    m = catalogue.get(key)
    if m is None:
        return KindText()
    return KindText(
        name=t(m.name_key, lang), about=t(m.about_key, lang),
        provider=t("catalogue.usually_by", lang, provider=t(m.provider_key, lang)),
        serves=t("catalogue.usually_serves", lang,
                 plans=", ".join(t(f"basis.{b.value}", lang) for b in m.serves)),
    )


def kind_fields(key: str, lang: str) -> dict[str, str]:
    """The same as the Card's kind_* fields."""
    k = kind_text(key, lang)
    return dict(kind_name=k.name, kind_about=k.about, kind_provider=k.provider,
                kind_serves=k.serves)


def kind_choices(lang: str) -> list[tuple[str, str]]:
    """(key, name) for every type, in catalogue order; the own free-text choice is separate."""
    return [(m.key, t(m.name_key, lang)) for m in catalogue.CATALOGUE]


def with_kind_title(form_data: dict, lang: str) -> dict:
    """A tiltak of a known type needs no title typed: the type's name is used."""
    title = str(form_data.get("title") or "").strip()
    m = catalogue.get(str(form_data.get("kind") or ""))
    if title or m is None:
        return form_data
    return {**form_data, "title": t(m.name_key, lang)}
