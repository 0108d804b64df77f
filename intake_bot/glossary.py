"""French administrative words explained in one plain sentence, reachable from a question ("?").

Translators explain the word instead of transliterating it; the French term itself is kept in
the explanation so the person recognises it on letters and forms.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from intake_bot.i18n.markers import N_


@dataclass(frozen=True)
class Term:
    """A French term, the pattern that finds it in a French question, and its explanation."""

    id: str
    pattern: str
    explanation: str


TERMS: tuple[Term, ...] = (
    Term("rsa", r"\bRSA\b", N_("glossary.rsa", "RSA (revenu de solidarité active) : une somme d'argent versée chaque mois par la CAF aux personnes qui ont très peu ou pas de revenus.")),
    Term("apl", r"\bAPL\b|\bALS\b|\bALF\b|aide au logement", N_("glossary.apl", "APL (aide personnalisée au logement) : une aide de la CAF qui paie une partie du loyer.")),
    Term("caf", r"\bCAF\b", N_("glossary.caf", "CAF (caisse d'allocations familiales) : l'organisme public qui verse les aides pour la famille, le logement et le RSA.")),
    Term("bail", r"\bbail\b|\bbaux\b", N_("glossary.bail", "Bail : le contrat de location signé entre le locataire et le propriétaire du logement.")),
    Term("bail_glissant", r"bail glissant", N_("glossary.bail_glissant", "Bail glissant : une association loue d'abord le logement pour vous ; plus tard, le bail passe à votre nom.")),
    Term("dalo", r"\bDALO\b", N_("glossary.dalo", "DALO (droit au logement opposable) : un recours auprès d'une commission quand on attend un logement social depuis trop longtemps ou qu'on est mal logé.")),
    Term("fsl", r"\bFSL\b", N_("glossary.fsl", "FSL (fonds de solidarité logement) : une aide du département pour entrer dans un logement ou payer des dettes de loyer ou d'énergie.")),
    Term("titre_sejour", r"titre de séjour|carte de séjour|carte de résident", N_("glossary.titre_sejour", "Titre de séjour : la carte donnée par la préfecture qui permet à une personne étrangère de vivre en France.")),
    Term("recepisse", r"récépissé", N_("glossary.recepisse", "Récépissé : un papier provisoire de la préfecture qui prouve que votre demande de titre de séjour est en cours.")),
    Term("prefecture", r"préfecture", N_("glossary.prefecture", "Préfecture : le bureau de l'État qui s'occupe notamment des titres de séjour.")),
    Term("ccas", r"\bCCAS\b", N_("glossary.ccas", "CCAS (centre communal d'action sociale) : le service social de la mairie.")),
    Term("siao", r"\bSIAO\b|115", N_("glossary.siao", "SIAO / 115 : le service qui oriente vers un hébergement d'urgence ou d'insertion.")),
    Term("chrs", r"\bCHRS\b", N_("glossary.chrs", "CHRS (centre d'hébergement et de réinsertion sociale) : un lieu d'hébergement avec un accompagnement social.")),
    Term("cada", r"\bCADA\b|\bHUDA\b", N_("glossary.cada", "CADA / HUDA : un hébergement pour les demandeurs d'asile pendant l'examen de leur demande.")),
    Term("france_travail", r"France Travail|Pôle emploi", N_("glossary.france_travail", "France Travail : le service public qui aide à trouver un emploi et verse les allocations chômage.")),
    Term("aah", r"\bAAH\b|\bMDPH\b|\bRQTH\b", N_("glossary.aah", "AAH, RQTH, MDPH : aides et reconnaissances pour les personnes en situation de handicap ; la MDPH est le bureau qui les accorde.")),
    Term("charges_locatives", r"charges locatives|charges", N_("glossary.charges_locatives", "Charges locatives : ce que le locataire paie en plus du loyer pour l'immeuble (eau, chauffage collectif, ménage, ascenseur).")),
    Term("assurance_habitation", r"assurance habitation|assurance du logement", N_("glossary.assurance_habitation", "Assurance habitation : un contrat obligatoire pour le locataire, qui paie en cas d'incendie, de fuite d'eau ou de vol.")),
    Term("impaye", r"impayé|retard de loyer|dette de loyer", N_("glossary.impaye", "Impayé de loyer : un loyer qui n'a pas été payé à temps ; la dette peut mener à une procédure d'expulsion.")),
    Term("commandement", r"commandement de payer|assignation|commissaire de justice|huissier", N_("glossary.commandement", "Commandement de payer, assignation : des lettres officielles apportées par un commissaire de justice (huissier) ; ce sont les premières étapes d'une procédure d'expulsion.")),
    Term("logement_social", r"logement social|HLM|bailleur social", N_("glossary.logement_social", "Logement social (HLM) : un logement au loyer modéré, attribué après une demande enregistrée avec un numéro unique.")),
    Term("surendettement", r"surendettement|Banque de France", N_("glossary.surendettement", "Surendettement : quand on ne peut plus payer ses dettes ; un dossier à la Banque de France peut aider à les étaler ou les effacer.")),
    Term("pacs", r"\bPACS\b|pacsé", N_("glossary.pacs", "PACS : un contrat de vie commune entre deux personnes, plus simple que le mariage.")),
    Term("curatelle", r"curatelle|tutelle|MASP|MAJ\b", N_("glossary.curatelle", "Curatelle, tutelle, MASP, MAJ : des mesures où une personne ou un service aide à gérer l'argent ou les papiers.")),
    Term("mutuelle", r"mutuelle|complémentaire santé", N_("glossary.mutuelle", "Mutuelle : une assurance santé qui paie les frais médicaux que la Sécurité sociale ne rembourse pas.")),
)


@functools.lru_cache(maxsize=1024)  # the questionnaire's texts: every question shown asks again
def terms_in(text: str) -> tuple[Term, ...]:
    """The glossary terms a French text mentions, in glossary order."""
    return tuple(term for term in TERMS if re.search(term.pattern, text, flags=re.IGNORECASE))
