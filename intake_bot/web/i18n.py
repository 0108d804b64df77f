"""The portal's words: French only, msgids in French, in their own gettext domain "portal".

No catalog is needed: without one, :func:`_` returns the French msgid. A catalog
``locale/fr/LC_MESSAGES/portal.mo`` would only reword the pages.
"""

from __future__ import annotations

import gettext

from intake_bot.config import resource_dir

DOMAIN = "portal"
_catalog = gettext.translation(DOMAIN, localedir=str(resource_dir("locale")), languages=["fr"],
                               fallback=True)


def _(message: str) -> str:
    """``message`` (a French msgid) as the portal shows it."""
    return _catalog.gettext(message)


STATUS_LABELS = {
    "invited": _("Invitation envoyée"),
    "household_answering": _("Le ménage répond"),
    "ready_for_review": _("À relire"),
    "documents_generated": _("Documents produits"),
    "decided": _("Décision prise"),
    "support_started": _("Accompagnement commencé"),
    "intermediate_review": _("Bilan intermédiaire"),
    "renewed": _("Renouvelé"),
    "final_review": _("Bilan final"),
    "closed": _("Accompagnement terminé"),
    "refused": _("Refusé par le ménage"),
    "erased": _("Effacé"),
}
ROLE_LABELS = {"worker": _("Travailleur social"), "coordinator": _("Coordinateur"),
               "admin": _("Administrateur"), "system": _("Opérateur")}
GIVEN_BY = {"household": _("le ménage"), "worker": _("le travailleur social")}
DOCUMENT_LABELS = {"diagnostic": _("Diagnostic"), "contract": _("Contrat d'accompagnement")}
ACTION_LABELS = {
    "document.generate": _("Produit"), "document.send": _("Envoyé au ménage"),
    "document.denied": _("Refusé"), "document.download": _("Téléchargé"),
}
