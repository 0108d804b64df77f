"""The one catalog of every message a person reads that is not a question of the flows.

Each entry is ``message id -> French text``; the id is also the gettext context, so the same French
words can be translated differently in two places. Placeholders use ``{name}``. Channels render
messages through :func:`intake_bot.i18n.render`; the engine only ever returns ids and parameters.
"""

from __future__ import annotations

from intake_bot.i18n.markers import N_

MESSAGES: dict[str, str] = {
    # --- answers that could not be read -------------------------------------------------
    "error.money_invalid": N_(
        "error.money_invalid",
        "Je n'ai pas compris ce montant. Écrivez seulement le nombre d'euros, "
        "par exemple : 450 ou 1 200,50.",
    ),
    "error.money_ambiguous": N_(
        "error.money_ambiguous",
        "« {text} » peut se lire de deux façons. Écrivez les centimes après une virgule, "
        "par exemple : 1 200,50 ou 1200.",
    ),
    "error.money_negative": N_(
        "error.money_negative", "Le montant ne peut pas être négatif. Écrivez-le sans signe moins."
    ),
    "error.money_too_large": N_(
        "error.money_too_large", "Ce montant semble trop élevé ({max} au plus). Vérifiez-le."
    ),
    "error.integer_invalid": N_(
        "error.integer_invalid", "Écrivez seulement un nombre entier, par exemple : 3."
    ),
    "error.integer_range": N_(
        "error.integer_range", "Écrivez un nombre entre {min} et {max}."
    ),
    "error.date_invalid": N_(
        "error.date_invalid",
        "Je n'ai pas compris cette date. Écrivez le jour, le mois et l'année, "
        "par exemple : 12/03/1985.",
    ),
    "error.date_impossible": N_(
        "error.date_impossible", "Cette date n'existe pas : {text}. Vérifiez le jour et le mois."
    ),
    "error.date_two_digit_year": N_(
        "error.date_two_digit_year",
        "Écrivez l'année avec ses quatre chiffres, par exemple : 12/03/1985.",
    ),
    "error.month_year_invalid": N_(
        "error.month_year_invalid",
        "Je n'ai pas compris. Écrivez le mois et l'année, par exemple : 03/2025.",
    ),
    "error.yes_no_invalid": N_("error.yes_no_invalid", "Répondez par oui ou par non."),
    "error.choice_invalid": N_(
        "error.choice_invalid",
        "Je n'ai pas trouvé cette réponse. Touchez un bouton ou écrivez le numéro d'une réponse.",
    ),
    "error.choice_unknown": N_(
        "error.choice_unknown",
        "« {text} » ne correspond à aucune réponse proposée. "
        "Écrivez les numéros séparés par des virgules, par exemple : 1,3.",
    ),
    "error.choice_exclusive": N_(
        "error.choice_exclusive", "« {label} » ne peut pas être choisi avec d'autres réponses."
    ),
    "error.choice_empty": N_("error.choice_empty", "Choisissez au moins une réponse."),
    "error.text_empty": N_("error.text_empty", "Votre réponse est vide. Écrivez quelques mots."),
    "error.text_too_long": N_(
        "error.text_too_long",
        "Votre réponse est trop longue ({length} caractères, {max} au plus). Raccourcissez-la.",
    ),
    "error.required": N_(
        "error.required", "Cette question est nécessaire pour continuer : merci d'y répondre."
    ),
    "error.stale_question": N_(
        "error.stale_question",
        "Cette question n'est plus d'actualité. Voici la question en cours.",
    ),
    "error.unknown_question": N_(
        "error.unknown_question", "Cette question n'existe pas ou n'a pas encore été posée."
    ),
    "error.group_full": N_(
        "error.group_full", "Vous ne pouvez pas ajouter plus de {max} entrées ici."
    ),
    # --- conversation -----------------------------------------------------------------------
    "chat.welcome": N_(
        "chat.welcome",
        "Bonjour ! Je vais vous poser des questions pour préparer votre diagnostic social "
        "(le bilan de votre situation avant l'accompagnement vers le logement). "
        "Vous pouvez vous arrêter à tout moment et reprendre plus tard.",
    ),
    "chat.choose_language": N_("chat.choose_language", "Choisissez votre langue :"),
    "chat.choose_role": N_("chat.choose_role", "Qui répond aux questions ?"),
    "role.household": N_("role.household", "La personne accompagnée"),
    "role.worker": N_("role.worker", "Le travailleur social"),
    "chat.choose_case": N_("chat.choose_case", "Quel diagnostic ?"),
    "chat.new_case": N_("chat.new_case", "Commencer un nouveau diagnostic"),
    "chat.resume_case": N_("chat.resume_case", "Reprendre le diagnostic {reference} ({percent} %)"),
    "chat.help": N_(
        "chat.help",
        "Commandes :\n/back : revenir à la question précédente\n/change : changer une réponse\n"
        "/skip : je ne sais pas, passer la question\n/pause : s'arrêter et reprendre plus tard\n"
        "/language : changer de langue\n/help : cette aide",
    ),
    "chat.unknown_command": N_(
        "chat.unknown_command", "Je ne connais pas cette commande. Écrivez /help pour la liste."
    ),
    "chat.skip_hint": N_("chat.skip_hint", "Vous ne savez pas ? Écrivez /skip."),
    "chat.current_answer": N_("chat.current_answer", "Réponse actuelle : {answer}"),
    "chat.multi_hint": N_(
        "chat.multi_hint",
        "Plusieurs réponses possibles : écrivez les numéros séparés par des virgules, par exemple 1,3.",
    ),
    "chat.note_continue": N_("chat.note_continue", "Appuyez sur Entrée pour continuer."),
    "chat.section_summary": N_("chat.section_summary", "Vos réponses : {section}"),
    "chat.entry_heading": N_("chat.entry_heading", "{group} : n° {number}"),
    "chat.progress": N_("chat.progress", "{answered} sur {total}"),
    "chat.paused": N_(
        "chat.paused",
        "C'est noté, vos réponses sont enregistrées. Vous pourrez reprendre où vous en étiez.",
    ),
    "chat.complete_household": N_(
        "chat.complete_household",
        "Merci ! Vous avez répondu à toutes les questions. "
        "Votre travailleur social va relire vos réponses avec vous.",
    ),
    "chat.complete_worker": N_(
        "chat.complete_worker", "Toutes les questions du diagnostic ont une réponse."
    ),
    "chat.change_which": N_("chat.change_which", "Quelle réponse voulez-vous changer ? Écrivez son numéro."),
    "chat.nothing_to_change": N_("chat.nothing_to_change", "Il n'y a encore aucune réponse à changer."),
    "chat.stopped": N_("chat.stopped", "Ce diagnostic est arrêté."),
    "answer.not_given": N_("answer.not_given", "non renseigné"),
    "answer.skipped": N_("answer.skipped", "ne sait pas"),
    # --- telegram channel (intake_bot/channels/telegram) ----------------------------------
    # --- end telegram channel
    # --- documents (intake_bot/documents) ---------------------------------------------------
    # --- end documents
    # --- constraints of the flows (referenced by `error:` in intake_bot/flows/*.yaml) ----
    "consent.refused": N_(
        "consent.refused",
        "Merci, nous avons bien noté votre réponse. Nous ne gardons aucune autre information. "
        "Si vous changez d'avis, vous pouvez revenir quand vous voulez.",
    ),
    "error.birth_date_future": N_(
        "error.birth_date_future",
        "Vérifiez la date de naissance : elle ne peut pas être dans le futur ni avant 1900.",
    ),
    "error.member_birth_date": N_(
        "error.member_birth_date",
        "Vérifiez cette date : pas dans le futur, pas avant 1900, et un enfant est né après vous.",
    ),
    "error.pregnancy_due_range": N_(
        "error.pregnancy_due_range",
        "Écrivez un mois entre le mois dernier et les 9 prochains mois, par exemple : 09/2025.",
    ),
    "error.permit_expiry_range": N_(
        "error.permit_expiry_range",
        "Vérifiez cette date : c'est la date de fin écrite sur votre papier.",
    ),
    "error.repayment_above_debt": N_(
        "error.repayment_above_debt",
        "Le remboursement par mois ne peut pas être plus grand que la dette.",
    ),
    "error.date_not_future": N_(
        "error.date_not_future", "Vérifiez cette date : elle ne peut pas être dans le futur."
    ),
    "error.year_not_future": N_(
        "error.year_not_future", "Écrivez une année passée, par exemple : 2019."
    ),
    "error.diagnostic_date_range": N_(
        "error.diagnostic_date_range",
        "La date du diagnostic ne peut pas être dans le futur ni avant 2020.",
    ),
}
