"""The one catalog of every message a person reads that is not a question of the flows.

Each entry is ``message id -> French text``; the id is also the gettext context, so the same French
words can be translated differently in two places. Placeholders use ``{name}``. Channels render
messages through :func:`intake_bot.i18n.render`; the engine only ever returns ids and parameters.
"""

from __future__ import annotations

from intake_bot.i18n.markers import N_, NP_

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
    # Issue 14: the console has no buttons; the same refusal in its words.
    "error.choice_invalid_console": N_(
        "error.choice_invalid_console",
        "Je n'ai pas trouvé cette réponse. Écrivez le numéro d'une réponse.",
    ),
    # Issue 14: which calendar a date is written in, under each date question.
    "hint.date_gregorian": N_(
        "hint.date_gregorian", "Écrivez la date du calendrier grégorien (jour/mois/année)."
    ),
    "hint.date_solar_hijri": N_(
        "hint.date_solar_hijri",
        "Écrivez la date du calendrier grégorien (12/03/1985) ou du calendrier hijri solaire "
        "(12/03/1364), jour/mois/année.",
    ),
    "error.name_not_latin": N_(
        "error.name_not_latin",
        "Écrivez le nom en lettres latines (A à Z), comme sur le titre de séjour ou le passeport.",
    ),
    "answer.date_two_calendars": N_(
        "answer.date_two_calendars", "{gregorian} (calendrier hijri solaire : {solar_hijri})"
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
    "error.consent_household_only": N_(
        "error.consent_household_only",
        "Seul le ménage donne son accord. Enregistrez-le seulement s'il l'a exprimé devant vous.",
    ),
    "error.interview_closed": N_(
        "error.interview_closed",
        "Ce dossier est fermé : le ménage a refusé. "
        "Seul le ménage peut le rouvrir, avec une nouvelle invitation.",
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
    "chat.suggested_freins": N_(
        "chat.suggested_freins", "Suggérés d'après les réponses (à confirmer) : {freins}"
    ),
    # issue 14: the budget shown to the worker before the freins; budget lines typed at once;
    # pause and how to resume
    "chat.budget_totals": N_(
        "chat.budget_totals",
        "Budget par mois : ressources {resources}, charges {charges}, remboursements {repayments} "
        "(dettes en tout : {debts}).",
    ),
    "chat.budget_rest": N_(
        "chat.budget_rest",
        "Reste à vivre : {rest} par mois, soit {per_day} par jour et par unité de consommation. "
        "Taux d'effort : {effort}.",
    ),
    "chat.budget_unknown": N_("chat.budget_unknown", "non calculable"),
    "chat.budget_percent": N_("chat.budget_percent", "{value} %"),
    "error.budget_lines_invalid": N_(
        "error.budget_lines_invalid",
        "Je n'ai pas compris « {text} ». Écrivez une ligne par montant, par exemple : "
        "« loyer 780, électricité 60 ».",
    ),
    "error.budget_lines_unknown": N_(
        "error.budget_lines_unknown",
        "Je ne sais pas ce qu'est « {text} ». Choisissez dans la liste, ou écrivez par exemple : "
        "« loyer 780 ».",
    ),
    "chat.paused_resume": N_(
        "chat.paused_resume",
        "C'est noté, vos réponses sont enregistrées. Pour reprendre où vous en étiez, écrivez /start.",
    ),
    "chat.paused_reminder": N_(
        "chat.paused_reminder",
        "Vous êtes en pause : ce message n'est pas pris comme une réponse. "
        "Pour reprendre, écrivez /start.",
    ),
    "console.paused": N_(
        "console.paused",
        "C'est noté, vos réponses sont enregistrées. Pour reprendre, relancez la console et "
        "choisissez ce diagnostic.",
    ),
    "tg.w.paused": N_(
        "tg.w.paused",
        "C'est noté, les réponses sont enregistrées. Pour reprendre ce dossier, écrivez /fill.",
    ),
    "chat.language_offer": N_(
        "chat.language_offer",
        "Vous écrivez en {language}. Pour continuer dans cette langue, écrivez /language.",
    ),
    "chat.answer_line": N_("chat.answer_line", "{question} : {answer}"),
    "answer.not_given": N_("answer.not_given", "non renseigné"),
    "answer.skipped": N_("answer.skipped", "ne sait pas"),
    # --- telegram channel (intake_bot/channels/telegram) ----------------------------------
    "tg.not_linked": N_(
        "tg.not_linked",
        "Bonjour. Pour commencer, ouvrez le lien que votre travailleur social vous a donné.",
    ),
    "tg.invalid_link": N_(
        "tg.invalid_link",
        "Ce lien ne marche plus. Demandez un nouveau lien à votre travailleur social.",
    ),
    "tg.already_linked": N_(
        "tg.already_linked", "Vous avez déjà un diagnostic en cours. Nous continuons celui-ci."
    ),
    "tg.link_for_household": N_(
        "tg.link_for_household",
        "Ce lien est pour le ménage. Ouvrez-le sur le téléphone de la personne accompagnée.",
    ),
    "tg.worker_only": N_(
        "tg.worker_only", "Cette commande est réservée aux travailleurs sociaux inscrits."
    ),
    "tg.text_only": N_(
        "tg.text_only", "Je lis seulement le texte et les boutons. Écrivez votre réponse, s'il vous plaît."
    ),
    "tg.edited": N_(
        "tg.edited",
        "Vous avez modifié un message. Je garde la première version. "
        "Pour changer une réponse, écrivez /change.",
    ),
    "tg.private_only": N_(
        "tg.private_only", "Je réponds seulement en conversation privée. Écrivez-moi directement."
    ),
    "tg.slow_down": N_(
        "tg.slow_down", "Vous envoyez beaucoup de messages. Attendez un peu, s'il vous plaît."
    ),
    "tg.error": N_(
        "tg.error",
        "Désolé, il y a eu un problème. Vos réponses sont bien enregistrées. Réessayez dans un moment.",
    ),
    "tg.cannot_save": N_(
        "tg.cannot_save",
        "Je ne peux pas enregistrer votre réponse pour le moment. Rien n'est perdu. "
        "Réessayez dans un moment.",
    ),
    "tg.case_closed": N_("tg.case_closed", "Ce diagnostic est fermé."),
    "tg.stale_button": N_("tg.stale_button", "Ce bouton n'est plus valable."),
    "tg.help_household": N_(
        "tg.help_household",
        "Commandes :\n/back : revenir à la question précédente\n/change : changer une réponse\n"
        "/skip : je ne sais pas, passer la question\n/pause : s'arrêter et reprendre plus tard\n"
        "/language : changer de langue\n/delete : effacer vos réponses\n/help : cette aide",
    ),
    "tg.button_skip": N_("tg.button_skip", "Je ne sais pas"),
    "tg.button_continue": N_("tg.button_continue", "Continuer"),
    "tg.button_confirm": N_("tg.button_confirm", "Valider"),
    "tg.button_more": N_("tg.button_more", "Suite ›"),
    "tg.change_button": N_("tg.change_button", "{label} : {answer}"),
    "tg.button_delete": N_("tg.button_delete", "Oui, tout effacer"),
    "tg.button_keep": N_("tg.button_keep", "Non, garder"),
    "tg.multi_hint": N_("tg.multi_hint", "Touchez une ou plusieurs réponses, puis « Valider »."),
    "tg.change_section": N_("tg.change_section", "Quelle partie voulez-vous changer ?"),
    "tg.change_which": N_("tg.change_which", "Quelle réponse voulez-vous changer ?"),
    "tg.summary_title": N_(
        "tg.summary_title",
        "Voici vos réponses. Vérifiez-les. Pour changer une réponse, écrivez /change.",
    ),
    "tg.answer_line": N_("tg.answer_line", "• {label} : {answer}"),
    "tg.answer_line_raw": N_("tg.answer_line_raw", "• {label} : {answer} (écrit : « {raw} »)"),
    "tg.entry_label": N_("tg.entry_label", "{label} (n° {number})"),
    "tg.delete_confirm": N_(
        "tg.delete_confirm",
        "Voulez-vous effacer toutes vos réponses ? Elles ne pourront pas être récupérées.",
    ),
    "tg.deleted": N_("tg.deleted", "Vos réponses sont effacées. Merci."),
    "tg.delete_cancelled": N_("tg.delete_cancelled", "D'accord, rien n'est effacé."),
    "tg.cmd.start": N_("tg.cmd.start", "Commencer"),
    "tg.cmd.help": N_("tg.cmd.help", "Aide"),
    "tg.cmd.back": N_("tg.cmd.back", "Question précédente"),
    "tg.cmd.change": N_("tg.cmd.change", "Changer une réponse"),
    "tg.cmd.skip": N_("tg.cmd.skip", "Je ne sais pas, passer"),
    "tg.cmd.pause": N_("tg.cmd.pause", "S'arrêter, reprendre plus tard"),
    "tg.cmd.language": N_("tg.cmd.language", "Changer de langue"),
    "tg.cmd.delete": N_("tg.cmd.delete", "Effacer mes réponses"),
    "tg.cmd.new": N_("tg.cmd.new", "Nouveau dossier"),
    "tg.cmd.cases": N_("tg.cmd.cases", "Mes dossiers"),
    "tg.cmd.fill": N_("tg.cmd.fill", "Répondre aux questions du dossier"),
    "tg.cmd.answers": N_("tg.cmd.answers", "Voir les réponses"),
    "tg.cmd.progress": N_("tg.cmd.progress", "Avancement du dossier"),
    "tg.cmd.invite": N_("tg.cmd.invite", "Nouveau lien pour le ménage"),
    "tg.cmd.revoke": N_("tg.cmd.revoke", "Annuler les liens du dossier"),
    "tg.w.help": N_(
        "tg.w.help",
        "Commandes du travailleur social :\n/new : nouveau dossier\n/cases : vos dossiers\n"
        "/fill : répondre aux questions du dossier choisi\n/answers : voir les réponses\n"
        "/change : corriger une réponse\n/progress : avancement\n/skip : passer une question\n"
        "/back : question précédente\n/invite : nouveau lien pour le ménage\n"
        "/revoke : annuler les liens du dossier\n/objectives : objectifs du contrat\n"
        "/documents : recevoir le diagnostic et le contrat\n"
        "/bilingual : questions dans la langue du ménage, avec le français\n/pause : s'arrêter",
    ),
    "tg.w.new_case": N_(
        "tg.w.new_case", "Nouveau dossier {reference}. Quelques questions avant le lien pour le ménage."
    ),
    "tg.w.invite": N_(
        "tg.w.invite",
        "Lien pour le ménage du dossier {reference}. Il marche une seule fois, jusqu'au {expires} :\n"
        "{link}\nLe ménage peut aussi scanner ce code QR.",
    ),
    "tg.w.qr_caption": N_("tg.w.qr_caption", "Code QR du dossier {reference}"),
    "tg.w.cases_title": N_("tg.w.cases_title", "Vos dossiers. Touchez un dossier pour le choisir."),
    "tg.w.case_button": N_("tg.w.case_button", "{reference} : {status} ({answered} sur {total})"),
    "tg.w.no_cases": N_(
        "tg.w.no_cases", "Vous n'avez pas encore de dossier. Écrivez /new pour en créer un."
    ),
    "tg.w.case_selected": N_(
        "tg.w.case_selected",
        "Dossier {reference} choisi. /fill : répondre. /answers : voir les réponses. "
        "/progress : avancement.",
    ),
    "tg.w.no_case": N_(
        "tg.w.no_case", "Choisissez d'abord un dossier avec /cases, ou créez-en un avec /new."
    ),
    "tg.w.revoked": N_("tg.w.revoked", "Dossier {reference} : liens annulés : {count}."),
    "tg.w.answers_title": N_("tg.w.answers_title", "Réponses du dossier {reference}"),
    "tg.w.no_answers": N_("tg.w.no_answers", "Pas encore de réponse."),
    "tg.w.progress": N_(
        "tg.w.progress",
        "Dossier {reference} : {status}\nQuestions du ménage : {household}\n"
        "Toutes les questions : {worker}",
    ),
    "tg.status.invited": N_("tg.status.invited", "lien envoyé"),
    "tg.status.household_answering": N_("tg.status.household_answering", "le ménage répond"),
    "tg.status.ready_for_review": N_("tg.status.ready_for_review", "prêt à relire"),
    "tg.status.documents_generated": N_("tg.status.documents_generated", "documents faits"),
    "tg.status.refused": N_("tg.status.refused", "refusé"),
    "tg.status.erased": N_("tg.status.erased", "effacé"),
    # Issue 13, the life of a measure (intake_bot/cases/measure.py, channels/telegram/_measure.py)
    "tg.status.decided": N_("tg.status.decided", "décision prise"),
    "tg.status.support_started": N_("tg.status.support_started", "accompagnement en cours"),
    "tg.status.intermediate_review": N_("tg.status.intermediate_review", "bilan intermédiaire fait"),
    "tg.status.renewed": N_("tg.status.renewed", "accompagnement renouvelé"),
    "tg.status.final_review": N_("tg.status.final_review", "bilan final fait"),
    "tg.status.closed": N_("tg.status.closed", "accompagnement terminé"),
    "measure.error.value": N_("measure.error.value", "Valeur inconnue pour {what} : « {value} »."),
    "measure.error.not_accepted": N_(
        "measure.error.not_accepted",
        "Dossier {reference} : l'accompagnement ne peut commencer qu'après une décision favorable.",
    ),
    "measure.error.not_under_support": N_(
        "measure.error.not_under_support",
        "Dossier {reference} : aucun accompagnement n'est en cours.",
    ),
    "measure.error.bounds": N_(
        "measure.error.bounds",
        "Dossier {reference} : pour la mesure {measure}, la fin doit se situer entre le {earliest} "
        "et le {latest} (date demandée : {end}).",
    ),
    "measure.error.reason": N_(
        "measure.error.reason", "Dossier {reference} : indiquez le motif du renouvellement."
    ),
    "measure.error.end_not_later": N_(
        "measure.error.end_not_later",
        "Dossier {reference} : la nouvelle fin doit être postérieure à la fin actuelle ({end}).",
    ),
    "measure.error.note_too_long": N_(
        "measure.error.note_too_long",
        "Note trop longue ({length} caractères, {limit} au plus). Raccourcissez-la.",
    ),
    "measure.reminder.review_due_intermediate": N_(
        "measure.reminder.review_due_intermediate",
        "Rappel — dossier {reference} : bilan intermédiaire à faire pour le {on}.",
    ),
    "measure.reminder.review_due_final": N_(
        "measure.reminder.review_due_final",
        "Rappel — dossier {reference} : bilan final à faire pour le {on}.",
    ),
    "measure.reminder.measure_ending": N_(
        "measure.reminder.measure_ending",
        "Rappel — dossier {reference} : l'accompagnement se termine le {on}. "
        "Bilan final, renouvellement (/prolonger) ou sortie (/cloture) ?",
    ),
    "measure.reminder.no_contact": N_(
        "measure.reminder.no_contact",
        "Rappel — dossier {reference} : aucun contact noté depuis le {on}, plus longtemps que "
        "le rythme prévu par le contrat. Notez le prochain avec /suivi.",
    ),
    "measure.reminder.permit_expiring": N_(
        "measure.reminder.permit_expiring",
        "Rappel — dossier {reference} : le titre de séjour expire le {on}. Pensez au renouvellement.",
    ),
    "measure.decision.accepted": N_("measure.decision.accepted", "Accord"),
    "measure.decision.refused": N_("measure.decision.refused", "Refus"),
    "measure.decision.adjourned": N_("measure.decision.adjourned", "Ajournement"),
    "measure.body.commission": N_("measure.body.commission", "Commission"),
    "measure.body.funder": N_("measure.body.funder", "Financeur"),
    "measure.purpose.access": N_("measure.purpose.access", "Accès au logement"),
    "measure.purpose.staying": N_("measure.purpose.staying", "Maintien dans le logement"),
    "measure.outcome.social_housing": N_("measure.outcome.social_housing", "Logement social"),
    "measure.outcome.private_housing": N_("measure.outcome.private_housing", "Logement privé"),
    "measure.outcome.maintained": N_("measure.outcome.maintained", "Maintien dans le logement actuel"),
    "measure.outcome.accommodation": N_("measure.outcome.accommodation", "Structure d'hébergement"),
    "measure.outcome.no_news": N_("measure.outcome.no_news", "Parti sans nouvelles"),
    "measure.outcome.support_stopped": N_(
        "measure.outcome.support_stopped", "Refus ou arrêt de l'accompagnement"
    ),
    "measure.outcome.moved_away": N_("measure.outcome.moved_away", "Déménagement hors secteur"),
    "measure.outcome.other": N_("measure.outcome.other", "Autre"),
    "measure.contact.visit": N_("measure.contact.visit", "Visite à domicile"),
    "measure.contact.call": N_("measure.contact.call", "Appel"),
    "measure.contact.meeting": N_("measure.contact.meeting", "Rendez-vous au bureau"),
    "measure.contact.incident": N_("measure.contact.incident", "Incident"),
    "measure.incident.payment": N_("measure.incident.payment", "Incident de paiement"),
    "measure.incident.neighbour": N_("measure.incident.neighbour", "Plainte de voisinage"),
    "measure.incident.landlord": N_("measure.incident.landlord", "Alerte du bailleur"),
    "measure.eviction.fsl_application": N_("measure.eviction.fsl_application", "Demande FSL maintien"),
    "measure.eviction.fsl_decision": N_("measure.eviction.fsl_decision", "Décision FSL"),
    "measure.eviction.repayment_plan": N_(
        "measure.eviction.repayment_plan", "Plan d'apurement signé avec le bailleur"
    ),
    "measure.eviction.ccapex_referral": N_("measure.eviction.ccapex_referral", "Saisine de la CCAPEX"),
    "measure.eviction.payment_order": N_("measure.eviction.payment_order", "Commandement de payer"),
    "measure.eviction.summons": N_("measure.eviction.summons", "Assignation"),
    "measure.eviction.judgment": N_("measure.eviction.judgment", "Jugement (résiliation du bail)"),
    "measure.eviction.order_to_leave": N_(
        "measure.eviction.order_to_leave", "Commandement de quitter les lieux"
    ),
    "measure.eviction.police_assistance": N_(
        "measure.eviction.police_assistance", "Concours de la force publique"
    ),
    "measure.fsl.granted": N_("measure.fsl.granted", "FSL accordé"),
    "measure.fsl.refused": N_("measure.fsl.refused", "FSL refusé"),
    "measure.review.intermediate": N_("measure.review.intermediate", "Bilan intermédiaire"),
    "measure.review.final": N_("measure.review.final", "Bilan final"),
    "tg.m.usage": N_(
        "tg.m.usage",
        "Indiquez le dossier, par exemple : /{command} D-000001 (ou choisissez d'abord un dossier "
        "avec /cases).",
    ),
    "tg.m.today_button": N_("tg.m.today_button", "Aujourd'hui"),
    "tg.m.type_date": N_(
        "tg.m.type_date", "Dossier {reference} : écrivez la date, par exemple 15/01/2027."
    ),
    "tg.m.date_invalid": N_("tg.m.date_invalid", "Date non comprise ({reason}). Réessayez."),
    "tg.m.decision_ask": N_(
        "tg.m.decision_ask", "Dossier {reference} : décision de la commission ou du financeur ?"
    ),
    "tg.m.granted_ask": N_(
        "tg.m.granted_ask",
        "Dossier {reference} : mesure accordée ? (préconisée : {recommended})",
    ),
    "tg.m.date_ask": N_("tg.m.date_ask", "Dossier {reference} : à quelle date ?"),
    "tg.m.decision_saved": N_(
        "tg.m.decision_saved",
        "Dossier {reference} : décision enregistrée ({decision}, {measure}, le {on}).",
    ),
    "tg.m.start_saved": N_(
        "tg.m.start_saved",
        "Dossier {reference} : accompagnement commencé le {start}, fin prévue le {end}. "
        "Bilan intermédiaire vers le {review}.",
    ),
    "tg.m.contact_ask": N_("tg.m.contact_ask", "Dossier {reference} : quel suivi noter ?"),
    "tg.m.incident_ask": N_("tg.m.incident_ask", "Dossier {reference} : quel incident ?"),
    "tg.m.note_ask": N_(
        "tg.m.note_ask",
        "Dossier {reference} — {kind} du {on} : écrivez une courte note en français "
        "(ou « - » pour aucune).",
    ),
    "tg.m.contact_saved": N_(
        "tg.m.contact_saved",
        "Enregistré — dossier {reference} : {kind} du {on}. {contacts} contact(s) noté(s), "
        "{per_month} par mois (prévu : {visits} visite(s) par mois, un appel tous les {days} jours).",
    ),
    "tg.m.log_title": N_("tg.m.log_title", "Dossier {reference} — suivi :"),
    "tg.m.log_line": N_("tg.m.log_line", "{on} · {kind} · {note}"),
    "tg.m.log_empty": N_("tg.m.log_empty", "Dossier {reference} : aucun suivi noté."),
    "tg.m.log_last": N_(
        "tg.m.log_last",
        "{contacts} contact(s), {per_month} par mois ; dernier contact : {last}.",
    ),
    "tg.m.outcome_ask": N_("tg.m.outcome_ask", "Dossier {reference} : issue de l'accompagnement ?"),
    "tg.m.closed_saved": N_(
        "tg.m.closed_saved", "Dossier {reference} : accompagnement terminé le {on} ({outcome})."
    ),
    "tg.m.renew_usage": N_(
        "tg.m.renew_usage",
        "Écrivez : /prolonger D-000001 31/12/2027 motif du renouvellement.",
    ),
    "tg.m.renewed_saved": N_(
        "tg.m.renewed_saved", "Dossier {reference} : accompagnement prolongé jusqu'au {end}."
    ),
    "tg.m.eviction_ask": N_(
        "tg.m.eviction_ask", "Dossier {reference} : quelle étape de la prévention des expulsions ?"
    ),
    "tg.m.fsl_ask": N_("tg.m.fsl_ask", "Dossier {reference} : décision du FSL ?"),
    "tg.m.eviction_saved": N_(
        "tg.m.eviction_saved", "Dossier {reference} : « {step} » noté le {on}."
    ),
    "tg.m.purpose_ask": N_("tg.m.purpose_ask", "Dossier {reference} : objet de la mesure ?"),
    "tg.m.purpose_saved": N_("tg.m.purpose_saved", "Dossier {reference} : objet « {purpose} »."),
    "tg.cmd.decision": N_("tg.cmd.decision", "Décision de la commission ou du financeur"),
    "tg.cmd.demarrage": N_("tg.cmd.demarrage", "Début de l'accompagnement (contrat signé)"),
    "tg.cmd.suivi": N_("tg.cmd.suivi", "Noter une visite, un appel, un rendez-vous, un incident"),
    "tg.cmd.journal": N_("tg.cmd.journal", "Voir le suivi d'un dossier"),
    "tg.cmd.prolonger": N_("tg.cmd.prolonger", "Prolonger l'accompagnement"),
    "tg.cmd.cloture": N_("tg.cmd.cloture", "Terminer l'accompagnement"),
    "tg.cmd.expulsion": N_("tg.cmd.expulsion", "Prévention des expulsions : étapes"),
    "tg.cmd.objet": N_("tg.cmd.objet", "Objet de la mesure : accès ou maintien"),
    "tg.h.next_review": N_(
        "tg.h.next_review", "Votre prochain bilan avec votre travailleur social : le {on}."
    ),
    "tg.cmd.contract": N_("tg.cmd.contract", "Recevoir mon contrat"),
    "tg.cmd.documents": N_("tg.cmd.documents", "Recevoir le diagnostic et le contrat"),
    "tg.cmd.objectives": N_("tg.cmd.objectives", "Objectifs du contrat"),
    "tg.cmd.bilingual": N_("tg.cmd.bilingual", "Questions dans la langue du ménage et en français"),
    "tg.help_contract": N_(
        "tg.help_contract", "/contract : recevoir votre contrat d'accompagnement, quand il est prêt"
    ),
    # documents
    "tg.w.documents_pick": N_("tg.w.documents_pick", "Pour quel dossier faire les documents ?"),
    "tg.w.diagnostic_caption": N_("tg.w.diagnostic_caption", "Diagnostic social du dossier {reference}"),
    "tg.w.contract_caption": N_("tg.w.contract_caption", "Contrat d'accompagnement du dossier {reference}"),
    "tg.w.documents_sent": N_(
        "tg.w.documents_sent",
        "Documents du dossier {reference} faits avec les réponses d'aujourd'hui. "
        "Le ménage peut maintenant recevoir son contrat avec /contract.",
    ),
    "tg.w.documents_failed": N_(
        "tg.w.documents_failed", "Les documents du dossier {reference} n'ont pas pu être faits : {reason}"
    ),
    "tg.contract_caption": N_("tg.contract_caption", "Votre contrat d'accompagnement ({reference})"),
    "tg.contract_not_ready": N_(
        "tg.contract_not_ready",
        "Votre contrat n'est pas encore prêt. Votre travailleur social le prépare avec vous "
        "après avoir relu vos réponses.",
    ),
    "tg.contract_failed": N_(
        "tg.contract_failed",
        "Je ne peux pas envoyer votre contrat maintenant. Demandez-le à votre travailleur social.",
    ),
    # contract objectives
    "tg.w.objectives_title": N_("tg.w.objectives_title", "Objectifs du contrat du dossier {reference} :"),
    "tg.w.objective_line": N_("tg.w.objective_line", "{number}. {title} : {actions}"),
    "tg.w.objective_line_standard": N_(
        "tg.w.objective_line_standard", "{number}. {title} (engagements habituels)"
    ),
    "tg.w.objectives_hint": N_(
        "tg.w.objectives_hint",
        "Touchez ✕ pour retirer un objectif. /documents : faire les documents avec ces objectifs.",
    ),
    "tg.w.objective_remove": N_("tg.w.objective_remove", "✕ {number}. {title}"),
    "tg.w.objective_add": N_("tg.w.objective_add", "➕ Ajouter un objectif"),
    "tg.w.objective_reset": N_("tg.w.objective_reset", "↺ Revenir aux objectifs proposés"),
    "tg.w.objective_theme": N_("tg.w.objective_theme", "Quel thème pour le nouvel objectif ?"),
    "tg.w.objective_type": N_(
        "tg.w.objective_type",
        "Écrivez les actions convenues pour « {title} », ou touchez « Engagements habituels ».",
    ),
    "tg.w.objective_standard": N_("tg.w.objective_standard", "Engagements habituels"),
    "tg.w.objective_last": N_(
        "tg.w.objective_last",
        "Le contrat garde au moins un objectif. Ajoutez-en un autre avant de retirer celui-ci.",
    ),
    "tg.w.text_too_long": N_(
        "tg.w.text_too_long", "Texte trop long ({length} caractères). Écrivez au plus {limit} caractères."
    ),
    # bilingual display and glossary
    "tg.w.bilingual_on": N_(
        "tg.w.bilingual_on",
        "Affichage bilingue : les questions s'affichent en {language}, avec le français en dessous. "
        "/bilingual pour l'arrêter.",
    ),
    "tg.w.bilingual_on_french": N_(
        "tg.w.bilingual_on_french",
        "Affichage bilingue : le ménage a choisi le français, les questions restent en français. "
        "/bilingual pour l'arrêter.",
    ),
    "tg.w.bilingual_off": N_("tg.w.bilingual_off", "Affichage bilingue arrêté : les questions sont en français."),
    "tg.bilingual_button": N_("tg.bilingual_button", "{label} / {french}"),
    "tg.french_below": N_("tg.french_below", "En français :"),
    "tg.button_bilingual_on": N_("tg.button_bilingual_on", "Afficher aussi le français"),
    "tg.button_bilingual_off": N_("tg.button_bilingual_off", "Ne plus afficher le français"),
    "tg.button_glossary": N_("tg.button_glossary", "?"),
    # language offer
    "tg.language_offer": N_(
        "tg.language_offer", "Vous écrivez en {language}. Voulez-vous continuer dans cette langue ?"
    ),
    "tg.offer_switch": N_("tg.offer_switch", "Continuer en {language}"),
    "tg.offer_keep": N_("tg.offer_keep", "Garder : {language}"),
    # translations of free-text answers, for the worker
    "tg.w.answer_translated": N_(
        "tg.w.answer_translated", "• {label} : « {original} »\n   traduction : {translation}"
    ),
    "tg.w.answer_machine": N_(
        "tg.w.answer_machine",
        "• {label} : « {original} »\n   traduction automatique, à vérifier : {translation}",
    ),
    "tg.w.answer_untranslated": N_("tg.w.answer_untranslated", "• {label} : « {original} »\n   à traduire"),
    "tg.w.fix_title": N_("tg.w.fix_title", "Corriger ou écrire la traduction d'une réponse :"),
    "tg.w.fix_button": N_("tg.w.fix_button", "Corriger la traduction : {label}"),
    "tg.w.type_translation": N_(
        "tg.w.type_translation", "Écrivez en français la traduction de : « {original} »"
    ),
    "tg.w.translation_saved": N_(
        "tg.w.translation_saved", "Traduction enregistrée pour « {label} » : {translation}"
    ),
    "tg.w.answer_gone": N_(
        "tg.w.answer_gone", "Cette réponse n'existe plus. Revoyez les réponses avec /answers."
    ),
    # --- end telegram channel
    # --- documents (intake_bot/documents) ---------------------------------------------------
    # Diagnostic (French only).
    "doc.not_applicable": N_("doc.not_applicable", "sans objet"),
    "doc.not_computable": N_("doc.not_computable", "non calculable (aucune ressource)"),
    "doc.translation.machine": N_(
        "doc.translation.machine", "{text} (traduction automatique, original en {language} : {original})"
    ),
    "doc.translation.human": N_(
        "doc.translation.human", "{text} (traduction, original en {language} : {original})"
    ),
    "doc.translation.pending": N_(
        "doc.translation.pending", "{original} (à traduire, original en {language})"
    ),
    "doc.consent.by_household": N_("doc.consent.by_household", "{answer} — donné par le ménage le {date}"),
    "doc.consent.witnessed": N_(
        "doc.consent.witnessed",
        "{answer} — recueilli par le travailleur social, exprimé par le ménage en sa présence, "
        "le {date}",
    ),
    "doc.consent.by_worker": N_(
        "doc.consent.by_worker",
        "{answer} — saisi par le travailleur social le {date}, sans attester que le ménage l'a "
        "exprimé en sa présence",
    ),
    "doc.applicant": N_("doc.applicant", "Demandeur(se)"),
    "doc.applicant_lives_here": N_("doc.applicant_lives_here", "Oui"),
    "doc.birth_and_age": N_("doc.birth_and_age", "{date} ({age} ans)"),
    "doc.sex.female": N_("doc.sex.female", "Femme"),
    "doc.sex.male": N_("doc.sex.male", "Homme"),
    "doc.relation.partner": N_("doc.relation.partner", "Conjoint(e)"),
    "doc.relation.child": N_("doc.relation.child", "Enfant"),
    "doc.relation.other_adult": N_("doc.relation.other_adult", "Autre adulte"),
    "doc.lives_here.permanent": N_("doc.lives_here.permanent", "Oui"),
    "doc.lives_here.part_time": N_("doc.lives_here.part_time", "Une partie du temps (garde alternée)"),
    "doc.lives_here.joining": N_("doc.lives_here.joining", "Pas encore (doit rejoindre le foyer)"),
    "doc.owner.applicant": N_("doc.owner.applicant", "Demandeur(se)"),
    "doc.owner.partner": N_("doc.owner.partner", "Conjoint(e)"),
    "doc.owner.other_member": N_("doc.owner.other_member", "Autre membre du foyer"),
    "doc.household_type.single_woman": N_("doc.household_type.single_woman", "Femme seule"),
    "doc.household_type.single_man": N_("doc.household_type.single_man", "Homme seul"),
    "doc.household_type.woman_with_children": N_(
        "doc.household_type.woman_with_children", "Femme seule avec enfant(s)"
    ),
    "doc.household_type.man_with_children": N_(
        "doc.household_type.man_with_children", "Homme seul avec enfant(s)"
    ),
    "doc.household_type.couple_without_children": N_(
        "doc.household_type.couple_without_children", "Couple sans enfant"
    ),
    "doc.household_type.couple_with_children": N_(
        "doc.household_type.couple_with_children", "Couple avec enfant(s)"
    ),
    "doc.household_type.other": N_("doc.household_type.other", "Autre ménage (ménage complexe)"),
    "doc.household_type.unknown": N_("doc.household_type.unknown", "non renseigné"),
    "doc.sentence.composition": N_(
        "doc.sentence.composition",
        "Foyer de {persons} personne(s) présente(s) : {adults} adulte(s) et {children} enfant(s) "
        "mineur(s), soit {units} unités de consommation.",
    ),
    "doc.sentence.joining": N_(
        "doc.sentence.joining",
        "{count} personne(s) doivent rejoindre le foyer et ne sont pas comptées ci-dessus.",
    ),
    "doc.sentence.budget": N_(
        "doc.sentence.budget",
        "Reste à vivre : {rav} par mois, soit {rav_day} par jour et par unité de consommation. "
        "Taux d'effort : {effort}.",
    ),
    "doc.sentence.occupation": N_(
        "doc.sentence.occupation",
        "Le logement actuel compte {rooms} pièce(s) pour un besoin de {needed} pièce(s) : {occupation}.",
    ),
    "doc.sentence.rooms_needed": N_(
        "doc.sentence.rooms_needed", "Besoin du foyer : {needed} pièce(s) (séjour compris)."
    ),
    "doc.occupation.over_occupied": N_("doc.occupation.over_occupied", "sur-occupation"),
    "doc.occupation.under_occupied": N_("doc.occupation.under_occupied", "sous-occupation"),
    "doc.occupation.normal": N_("doc.occupation.normal", "occupation adaptée"),
    "doc.occupation.unknown": N_("doc.occupation.unknown", "non évaluable"),
    "doc.budget.no_resources": N_("doc.budget.no_resources", "Aucune ressource déclarée"),
    "doc.budget.no_charges": N_("doc.budget.no_charges", "Aucune charge déclarée"),
    "doc.budget.no_debts": N_("doc.budget.no_debts", "Aucune dette déclarée"),
    "doc.frein.retained": N_("doc.frein.retained", "Retenu par le travailleur social"),
    "doc.frein.retained_suggested": N_(
        "doc.frein.retained_suggested", "Retenu par le travailleur social (suggéré par l'outil)"
    ),
    "doc.frein.suggested": N_("doc.frein.suggested", "Suggéré par l'outil, non retenu"),
    "doc.frein.suggested_unreviewed": N_(
        "doc.frein.suggested_unreviewed", "Suggéré par l'outil, pas encore examiné"
    ),
    "doc.frein.none": N_("doc.frein.none", "Aucun frein retenu"),
    "doc.frein.not_reviewed": N_("doc.frein.not_reviewed", "Freins non encore examinés"),
    "doc.error.period_order": N_(
        "doc.error.period_order",
        "La date de fin du contrat ({end}) doit être après sa date de début ({start}).",
    ),
    "doc.error.period_bounds": N_(
        "doc.error.period_bounds",
        "Durée du contrat hors des limites de la mesure {measure} : de {minimum} à {maximum} mois, "
        "soit une fin entre le {earliest} et le {latest} (fin demandée : {end}).",
    ),
    "doc.error.template": N_(
        "doc.error.template",
        "Le modèle {template} utilise un champ que l'outil ne fournit pas ({error}). "
        "La liste des champs est dans docs/templates.md.",
    ),
    "doc.error.no_case": N_("doc.error.no_case", "Aucun dossier n'a le numéro {case}."),
    # Contract (French and the household's language, side by side).
    "doc.contract.title": N_("doc.contract.title", "Contrat d'accompagnement social lié au logement"),
    "doc.contract.section.parties": N_("doc.contract.section.parties", "Les parties"),
    "doc.contract.section.measure": N_("doc.contract.section.measure", "La mesure"),
    "doc.contract.section.objectives": N_(
        "doc.contract.section.objectives", "Les objectifs et les engagements de chacun"
    ),
    "doc.contract.section.duration": N_(
        "doc.contract.section.duration", "La durée, les rencontres et les bilans"
    ),
    "doc.contract.section.stop": N_(
        "doc.contract.section.stop", "Si l'accompagnement s'interrompt"
    ),
    "doc.contract.section.confidentiality": N_(
        "doc.contract.section.confidentiality", "Confidentialité et partage des informations"
    ),
    "doc.contract.party_household": N_("doc.contract.party_household", "Le ménage : {names}."),
    "doc.contract.party_service": N_(
        "doc.contract.party_service",
        "Le service : {organisation}, représenté par {worker}, travailleur social référent.",
    ),
    "doc.contract.party_landlord": N_("doc.contract.party_landlord", "Le bailleur : {landlord}."),
    "doc.contract.purpose": N_(
        "doc.contract.purpose",
        "Ce contrat écrit les objectifs choisis ensemble par le ménage et le service, et ce que "
        "chacun s'engage à faire pour les atteindre.",
    ),
    "doc.contract.purpose_tripartite": N_(
        "doc.contract.purpose_tripartite",
        "Ce contrat écrit les objectifs choisis ensemble par le ménage, le service et le bailleur, "
        "et ce que chacun s'engage à faire pour les atteindre.",
    ),
    "doc.contract.measure": N_(
        "doc.contract.measure", "L'accompagnement est réalisé dans le cadre de la mesure : {measure}. "
        "Il est financé par : {funder}.",
    ),
    "doc.funder.fsl": N_(
        "doc.funder.fsl", "le Conseil départemental (Fonds de solidarité pour le logement, FSL)"
    ),
    "doc.funder.fnavdl": N_(
        "doc.funder.fnavdl",
        "l'État (Fonds national d'accompagnement vers et dans le logement, FNAVDL)",
    ),
    "doc.funder.state_iml": N_("doc.funder.state_iml", "l'État (intermédiation locative)"),
    "doc.funder.housing_first": N_(
        "doc.funder.housing_first", "l'État et la collectivité (Logement d'abord)"
    ),
    "doc.funder.to_specify": N_("doc.funder.to_specify", "financeur à préciser"),
    "doc.contract.objective_heading": N_("doc.contract.objective_heading", "Objectif {number} : {theme}"),
    "doc.contract.objective_freins": N_("doc.contract.objective_freins", "Difficultés concernées : {freins}"),
    "doc.contract.objectives_private": N_(
        "doc.contract.objectives_private",
        "D'autres objectifs personnels ont été convenus entre le ménage et le service. Ils ne "
        "sont pas communiqués au bailleur.",
    ),
    "doc.contract.household_commits": N_("doc.contract.household_commits", "Le ménage s'engage à : {actions}"),
    "doc.contract.service_commits": N_("doc.contract.service_commits", "Le service s'engage à : {actions}"),
    "doc.contract.landlord_commits": N_("doc.contract.landlord_commits", "Le bailleur s'engage à : {actions}"),
    "doc.contract.actions_agreed": N_("doc.contract.actions_agreed", "Actions convenues : {text}"),
    "doc.contract.written_in_french": N_(
        "doc.contract.written_in_french",
        "(Ces actions sont écrites en français par le travailleur social ; il vous les explique.)",
    ),
    "doc.contract.machine_translated": N_(
        "doc.contract.machine_translated",
        "(Traduction automatique du texte écrit en français par le travailleur social ; "
        "le texte français fait foi et il vous l'explique.)",
    ),
    "doc.objective.access_installation": N_("doc.objective.access_installation", "Accès et installation"),
    "doc.objective.access_installation.household": N_(
        "doc.objective.access_installation.household",
        "préparer l'entrée dans le logement, ouvrir les contrats (électricité, assurance) "
        "et s'équiper avec l'aide du référent.",
    ),
    "doc.objective.access_installation.service": N_(
        "doc.objective.access_installation.service",
        "expliquer le bail et les démarches, demander les aides à l'installation et accompagner "
        "le ménage auprès des fournisseurs et de l'assureur.",
    ),
    "doc.objective.occupation": N_("doc.objective.occupation", "Occupation et modes d'habiter"),
    "doc.objective.occupation.household": N_(
        "doc.objective.occupation.household",
        "entretenir le logement, respecter le règlement de l'immeuble et le voisinage, "
        "prendre soin de ses animaux.",
    ),
    "doc.objective.occupation.service": N_(
        "doc.objective.occupation.service",
        "conseiller le ménage sur l'usage et l'entretien du logement, faire avec lui si besoin, "
        "et intervenir rapidement en cas de difficulté signalée.",
    ),
    "doc.objective.admin_finance": N_(
        "doc.objective.admin_finance", "Gestion administrative et financière"
    ),
    "doc.objective.admin_finance.household": N_(
        "doc.objective.admin_finance.household",
        "montrer ses courriers et ses papiers, garder ses droits ouverts (titre de séjour, CAF, "
        "assurance maladie) et établir un budget avec le référent.",
    ),
    "doc.objective.admin_finance.service": N_(
        "doc.objective.admin_finance.service",
        "vérifier que tous les droits sont ouverts, aider aux démarches et au renouvellement des "
        "papiers, et travailler le budget avec le ménage.",
    ),
    "doc.objective.social_link": N_("doc.objective.social_link", "Lien social"),
    "doc.objective.social_link.household": N_(
        "doc.objective.social_link.household",
        "venir aux rendez-vous ou prévenir en cas d'empêchement, et dire ce dont il a besoin.",
    ),
    "doc.objective.social_link.service": N_(
        "doc.objective.social_link.service",
        "proposer des rencontres adaptées au ménage et le mettre en lien avec les services "
        "et associations du quartier.",
    ),
    "doc.objective.arrears_prevention": N_(
        "doc.objective.arrears_prevention", "Prévention des impayés"
    ),
    "doc.objective.arrears_prevention.household": N_(
        "doc.objective.arrears_prevention.household",
        "payer le loyer et les charges chaque mois et prévenir le référent dès qu'une difficulté "
        "apparaît.",
    ),
    "doc.objective.arrears_prevention.service": N_(
        "doc.objective.arrears_prevention.service",
        "suivre avec le ménage le paiement du loyer, l'aide au logement et les courriers du "
        "bailleur, et chercher des solutions dès le premier retard.",
    ),
    "doc.objective.housing_search": N_(
        "doc.objective.housing_search", "Recherche de logement et parcours résidentiel"
    ),
    "doc.objective.housing_search.household": N_(
        "doc.objective.housing_search.household",
        "tenir sa demande de logement à jour, répondre aux propositions et se rendre aux visites.",
    ),
    "doc.objective.housing_search.service": N_(
        "doc.objective.housing_search.service",
        "aider à la demande de logement, la faire connaître aux partenaires et préparer les "
        "visites et l'entrée dans les lieux.",
    ),
    "doc.objective.repayment_plan": N_(
        "doc.objective.repayment_plan", "Plan d'apurement et dettes"
    ),
    "doc.objective.repayment_plan.household": N_(
        "doc.objective.repayment_plan.household",
        "faire la liste de ses dettes avec le référent et respecter le plan de remboursement "
        "accepté.",
    ),
    "doc.objective.repayment_plan.service": N_(
        "doc.objective.repayment_plan.service",
        "négocier un plan d'apurement avec les créanciers et, si besoin, aider au dossier de "
        "surendettement auprès de la Banque de France.",
    ),
    "doc.objective.health": N_("doc.objective.health", "Santé"),
    "doc.objective.health.household": N_(
        "doc.objective.health.household",
        "prendre ou garder contact avec les professionnels de santé qui peuvent l'aider.",
    ),
    "doc.objective.health.service": N_(
        "doc.objective.health.service",
        "vérifier les droits à la santé et orienter vers les soins et les aides adaptés, sans "
        "demander de détail médical.",
    ),
    "doc.objective.employment": N_("doc.objective.employment", "Insertion professionnelle"),
    "doc.objective.employment.household": N_(
        "doc.objective.employment.household",
        "rester inscrit auprès de France Travail ou de la mission locale et suivre les démarches "
        "convenues.",
    ),
    "doc.objective.employment.service": N_(
        "doc.objective.employment.service",
        "faire le lien avec les services de l'emploi et de la formation.",
    ),
    "doc.objective.french": N_("doc.objective.french", "Apprentissage du français"),
    "doc.objective.french.household": N_(
        "doc.objective.french.household", "suivre un cours de français adapté à ses horaires."
    ),
    "doc.objective.french.service": N_(
        "doc.objective.french.service",
        "trouver un cours de français près du logement et prévoir un interprète pour les "
        "rendez-vous importants.",
    ),
    "doc.objective.landlord": N_(
        "doc.objective.landlord",
        "informer rapidement le référent de toute difficulté (retard de loyer, plainte) et "
        "participer aux bilans.",
    ),
    "doc.contract.duration": N_(
        "doc.contract.duration",
        "L'accompagnement commence le {start} et se termine le {end} ({months} mois). Il peut "
        "être prolongé d'un commun accord, à titre exceptionnel, si les objectifs le demandent.",
    ),
    "doc.contract.frequency": N_(
        "doc.contract.frequency",
        "Le référent rend visite au ménage chez lui au moins {visits} fois par mois et l'appelle "
        "au moins tous les {days} jours. D'autres rendez-vous au service sont fixés selon les besoins.",
    ),
    "doc.contract.reviews": N_(
        "doc.contract.reviews",
        "Un bilan intermédiaire est fait vers le {mid} et un bilan final le {end}. Les objectifs "
        "peuvent être revus à chaque bilan.",
    ),
    "doc.contract.stop": N_(
        "doc.contract.stop",
        "Le ménage peut demander à tout moment d'arrêter l'accompagnement. Si le contact est "
        "rompu, le référent cherche à le renouer par une médiation (avec le bailleur ou le "
        "service qui a orienté le ménage) avant toute fin de la mesure.",
    ),
    "doc.contract.stop_housing_first": N_(
        "doc.contract.stop_housing_first",
        "Dans le Logement d'abord, l'accompagnement n'est pas une condition du bail : arrêter "
        "l'accompagnement ne fait pas perdre le logement.",
    ),
    "doc.contract.confidentiality": N_(
        "doc.contract.confidentiality",
        "Les informations données restent confidentielles et ne servent qu'à l'accompagnement. "
        "Le ménage peut les voir, les corriger ou demander qu'elles soient effacées.",
    ),
    "doc.contract.share_landlord_yes": N_(
        "doc.contract.share_landlord_yes",
        "Le ménage accepte que le bailleur soit informé du diagnostic et du déroulement de "
        "l'accompagnement.",
    ),
    "doc.contract.share_landlord_no": N_(
        "doc.contract.share_landlord_no",
        "Le ménage refuse que le diagnostic soit transmis au bailleur : il ne lui est pas transmis.",
    ),
    "doc.contract.share_landlord_unknown": N_(
        "doc.contract.share_landlord_unknown",
        "Le ménage n'a pas encore dit s'il accepte le partage avec le bailleur : rien ne lui est "
        "transmis sans son accord.",
    ),
    "doc.contract.share_commission_yes": N_(
        "doc.contract.share_commission_yes",
        "Le ménage accepte que la commission logement voie le diagnostic.",
    ),
    "doc.contract.share_commission_no": N_(
        "doc.contract.share_commission_no",
        "Le ménage refuse que le diagnostic soit transmis à la commission logement : il ne lui "
        "est pas transmis.",
    ),
    "doc.contract.share_commission_unknown": N_(
        "doc.contract.share_commission_unknown",
        "Le ménage n'a pas encore dit s'il accepte le partage avec la commission logement : "
        "rien ne lui est transmis sans son accord.",
    ),
    "doc.contract.read_approved": N_("doc.contract.read_approved", "Lu et approuvé"),
    "doc.contract.role_household": N_("doc.contract.role_household", "Membre du ménage"),
    "doc.contract.role_worker": N_("doc.contract.role_worker", "Travailleur social référent"),
    "doc.contract.role_landlord": N_("doc.contract.role_landlord", "Pour le bailleur"),
    "doc.contract.worker_for": N_("doc.contract.worker_for", "{worker}, pour {organisation}"),
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
    # --- the case service: refusals and notices; staff and household chat (issue #10) ---
    "case.error.not_found": N_(
        "case.error.not_found",
        "Dossier {reference} introuvable, ou vous n'y avez pas accès.",
    ),
    "case.error.not_allowed": N_(
        "case.error.not_allowed",
        "Votre rôle ne permet pas cette action.",
    ),
    "case.error.closed_refused": N_(
        "case.error.closed_refused",
        "Le dossier {reference} est fermé : le ménage a refusé de répondre. Seul le ménage peut le rouvrir, en ouvrant une nouvelle invitation (/invite).",
    ),
    "case.error.closed_erased": N_(
        "case.error.closed_erased",
        "Le dossier {reference} a été effacé.",
    ),
    "case.error.transition": N_(
        "case.error.transition",
        "Ce changement d'étape n'est pas possible ({current} → {new}).",
    ),
    "case.error.role": N_(
        "case.error.role",
        "Rôle inconnu : {role}. Rôles possibles : worker, coordinator, admin.",
    ),
    "case.error.reassign_target": N_(
        "case.error.reassign_target",
        "Le compte {account} n'est pas un travailleur social actif de la structure de ce dossier.",
    ),
    "case.error.nothing_to_confirm": N_(
        "case.error.nothing_to_confirm",
        "Aucun compte n'attend de confirmation pour le dossier {reference}.",
    ),
    "case.error.contract_not_ready": N_(
        "case.error.contract_not_ready",
        "Le contrat n'est pas encore prêt : les documents n'ont pas été générés.",
    ),
    "case.notice.household_linked": N_(
        "case.notice.household_linked",
        "Dossier {reference} : le ménage a ouvert son lien avec le compte {display}.",
    ),
    "case.notice.confirm_link": N_(
        "case.notice.confirm_link",
        "Dossier {reference} : un autre compte ({display}) a ouvert un lien de ce dossier, qui a déjà un compte ménage. Remplacer l'ancien compte par celui-ci (téléphone perdu, par exemple) ?",
    ),
    "case.notice.household_done": N_(
        "case.notice.household_done",
        "Le ménage du dossier {reference} a répondu à toutes ses questions. Choisissez le dossier avec /cases pour relire.",
    ),
    "case.notice.household_refused": N_(
        "case.notice.household_refused",
        "Le ménage du dossier {reference} a refusé de répondre. Le dossier est fermé ; seul le ménage peut le rouvrir avec une nouvelle invitation.",
    ),
    "case.notice.household_erased": N_(
        "case.notice.household_erased",
        "Le ménage du dossier {reference} a demandé l'effacement. Ses réponses sont effacées.",
    ),
    "case.notice.erased": N_(
        "case.notice.erased",
        "Le dossier {reference} a été effacé.",
    ),
    "case.notice.documents_outdated": N_(
        "case.notice.documents_outdated",
        "Dossier {reference} : une réponse a changé depuis la génération des documents. Générez-les de nouveau avec /documents.",
    ),
    "case.notice.assigned": N_(
        "case.notice.assigned",
        "Le dossier {reference} vous a été confié.",
    ),
    "case.notice.link_confirmed": N_(
        "case.notice.link_confirmed",
        "Votre travailleur social a confirmé ce compte. Touchez /start pour continuer.",
    ),
    "case.notice.link_refused": N_(
        "case.notice.link_refused",
        "Votre travailleur social n'a pas confirmé ce compte. Demandez-lui un nouveau lien si besoin.",
    ),
    "case.notice.erased_by_service": N_(
        "case.notice.erased_by_service",
        "Le service qui vous accompagne a effacé votre dossier et vos réponses.",
    ),
    "tg.link_waiting": N_(
        "tg.link_waiting",
        "Ce dossier a déjà un compte. Votre travailleur social doit confirmer ce nouveau compte. Vous recevrez un message.",
    ),
    "tg.case_closed_household": N_(
        "tg.case_closed_household",
        "Vous avez refusé de répondre : votre dossier est fermé. Si vous changez d'avis, demandez un nouveau lien à votre travailleur social.",
    ),
    "tg.w.question_case": N_(
        "tg.w.question_case",
        "Dossier {reference}",
    ),
    "tg.w.consent_witness": N_(
        "tg.w.consent_witness",
        "Seul le ménage donne son accord : enregistrez sa réponse seulement s'il l'a exprimée devant vous.",
    ),
    "tg.w.witnessed_button": N_(
        "tg.w.witnessed_button",
        "{label} (dit devant moi)",
    ),
    "tg.w.link_accept": N_(
        "tg.w.link_accept",
        "Oui, remplacer l'ancien compte",
    ),
    "tg.w.link_refuse": N_(
        "tg.w.link_refuse",
        "Non, refuser ce compte",
    ),
    "tg.w.link_accepted": N_(
        "tg.w.link_accepted",
        "Dossier {reference} : le nouveau compte du ménage est relié ; l'ancien ne l'est plus.",
    ),
    "tg.w.link_refused": N_(
        "tg.w.link_refused",
        "Dossier {reference} : le nouveau compte est refusé.",
    ),
    "tg.w.takeover_title": N_(
        "tg.w.takeover_title",
        "Dossiers de vos collègues que vous pouvez reprendre :",
    ),
    "tg.w.takeover_none": N_(
        "tg.w.takeover_none",
        "Aucun dossier de vos collègues à reprendre.",
    ),
    "tg.w.taken_over": N_(
        "tg.w.taken_over",
        "Vous suivez maintenant le dossier {reference}.",
    ),
    "tg.w.erase_confirm": N_(
        "tg.w.erase_confirm",
        "Effacer toutes les réponses du dossier {reference} ? Cela ne peut pas être annulé.",
    ),
    "tg.w.erase_yes": N_(
        "tg.w.erase_yes",
        "Oui, effacer le dossier",
    ),
    "tg.w.erase_no": N_(
        "tg.w.erase_no",
        "Non, garder",
    ),
    "tg.w.erase_cancelled": N_(
        "tg.w.erase_cancelled",
        "Rien n'est effacé dans le dossier {reference}.",
    ),
    "tg.w.erased": N_(
        "tg.w.erased",
        "Le dossier {reference} est effacé.",
    ),
    "tg.cmd.takeover": N_(
        "tg.cmd.takeover",
        "Reprendre le dossier d'un collègue",
    ),
    "tg.cmd.erase": N_(
        "tg.cmd.erase",
        "Effacer le dossier choisi",
    ),
    "chat.witnessed_question": N_(
        "chat.witnessed_question",
        "Seul le ménage donne son accord. Le ménage a-t-il exprimé cette réponse devant vous ?",
    ),
    "chat.witnessed_yes": N_(
        "chat.witnessed_yes",
        "Oui, devant moi",
    ),
    "chat.witnessed_no": N_(
        "chat.witnessed_no",
        "Non",
    ),
    # --- fault tolerance: never a false "saved" (issue #11) ---
    "tg.not_saved_retrying": N_(
        "tg.not_saved_retrying",
        "Votre réponse n'est pas encore enregistrée : la base de données est occupée. "
        "Je réessaie tout seul, vous n'avez rien à renvoyer. La question suivante arrivera "
        "dès que votre réponse sera enregistrée.",
    ),
    "tg.not_saved": N_(
        "tg.not_saved",
        "Désolé, votre réponse n'a pas été enregistrée à cause d'un problème de notre côté. "
        "Envoyez-la de nouveau dans un moment. Si cela recommence, prévenez votre travailleur social.",
    ),
    "console.not_saved": N_(
        "console.not_saved",
        "Cette réponse n'a pas été enregistrée : la base de données est occupée ou en erreur. "
        "Tapez-la de nouveau dans un moment.",
    ),
    # --- issue 11 (retention, erasure, backup, clear CLI errors): the operator's messages ---
    "store.error.locked": N_(
        "store.error.locked",
        "La base de données {path} est verrouillée par un autre programme (le bot, une "
        "sauvegarde ou une autre commande) : rien n'a été fait. Réessayez dans un instant.",
    ),
    "store.error.corrupt": N_(
        "store.error.corrupt",
        "Le fichier {path} n'est pas une base de données lisible (fichier endommagé) : rien "
        "n'a été fait. Restaurez une sauvegarde avec « intake-bot restore SAUVEGARDE ».",
    ),
    "store.error.unreadable": N_(
        "store.error.unreadable",
        "La base de données {path} ne peut pas être ouverte ({error}) : rien n'a été fait. "
        "Vérifiez le dossier INTAKE_DATA_DIR, l'espace disque et les droits.",
    ),
    "store.error.missing_catalog": N_(
        "store.error.missing_catalog",
        "Catalogue de traduction compilé introuvable : {path}. Lancez « make catalogs » dans "
        "le dépôt, ou réinstallez le paquet intake-bot.",
    ),
    "store.error.missing_template": N_(
        "store.error.missing_template",
        "Modèle de document introuvable : {path}. Lancez « python scripts/build_templates.py » "
        "dans le dépôt, ou réinstallez le paquet intake-bot.",
    ),
    "store.error.no_backup": N_(
        "store.error.no_backup",
        "Cette base de données ne se sauvegarde pas par intake-bot : utilisez les outils de "
        "sauvegarde de votre serveur de base de données.",
    ),
    "store.purge.would_erase": N_(
        "store.purge.would_erase",
        "{reference} serait effacé (dernière activité le {date}).",
    ),
    "store.purge.erased": N_(
        "store.purge.erased",
        "{reference} effacé (dernière activité le {date}).",
    ),
    "store.purge.summary": N_(
        "store.purge.summary",
        "{count} dossier(s) sans activité depuis {months} mois (avant le {cutoff}).",
    ),
    "store.backup.done": N_(
        "store.backup.done",
        "Sauvegarde cohérente écrite dans {path} ({size} octets, lisible par vous seul).",
    ),
    "store.restore.done": N_(
        "store.restore.done",
        "Base {path} restaurée depuis {source} (schéma v{version}, {cases} dossier(s)). "
        "L'ancienne base est conservée dans {previous}.",
    ),
    "store.restore.done_new": N_(
        "store.restore.done_new",
        "Base {path} restaurée depuis {source} (schéma v{version}, {cases} dossier(s)).",
    ),
    "store.restore.in_use": N_(
        "store.restore.in_use",
        "La base {path} est ouverte par un autre programme (le bot ?) : arrêtez-le, puis "
        "relancez la restauration. Rien n'a été fait.",
    ),
    "store.restore.missing": N_(
        "store.restore.missing",
        "Le fichier {path} n'existe pas : rien n'a été restauré.",
    ),
    "store.restore.damaged": N_(
        "store.restore.damaged",
        "Le fichier {path} n'est pas une base intake-bot intacte : rien n'a été restauré.",
    ),
    "store.restore.version": N_(
        "store.restore.version",
        "Le fichier {path} est une base de schéma v{version}, inconnu de cette version "
        "(jusqu'à v{known}) : rien n'a été restauré. Mettez intake-bot à jour d'abord.",
    ),
    # --- issue #15: documents a service can sign and a household can read ------------------
    "doc.error.duration_bounds": N_(
        "doc.error.duration_bounds",
        "Le contrat n'est pas produit : la durée préconisée ({months} mois) est hors des limites "
        "de la mesure {measure}, de {minimum} à {maximum} mois. Choisissez une durée entre "
        "{minimum} et {maximum} mois. Le diagnostic, lui, est produit.",
    ),
    "doc.pdf.unavailable": N_(
        "doc.pdf.unavailable",
        "Pas de PDF : LibreOffice (soffice) n'est pas installé. Les fichiers .docx sont écrits.",
    ),
    "doc.pdf.failed": N_("doc.pdf.failed", "LibreOffice n'a pas pu convertir {file} en PDF."),
    "tg.w.document_failed": N_("tg.w.document_failed", "Dossier {reference} : {reason}"),
    "doc.contract.objective_situations": N_(
        "doc.contract.objective_situations", "Situations concernées : {situations}"
    ),
    "doc.situation.rent_arrears": N_("doc.situation.rent_arrears", "dette de loyer"),
    "doc.situation.rent_arrears.service": N_(
        "doc.situation.rent_arrears.service",
        "Pour la dette de loyer, le service aide le ménage à négocier un plan d'apurement avec le "
        "bailleur et à demander une aide du FSL pour le maintien dans le logement.",
    ),
    "doc.situation.debts": N_("doc.situation.debts", "dettes (factures, crédits)"),
    "doc.situation.debts.service": N_(
        "doc.situation.debts.service",
        "Pour les autres dettes, le service aide le ménage à demander des délais de paiement "
        "aux créanciers.",
    ),
    "doc.situation.overindebtedness_file": N_(
        "doc.situation.overindebtedness_file", "dossier de surendettement"
    ),
    "doc.situation.overindebtedness_file.service": N_(
        "doc.situation.overindebtedness_file.service",
        "Le service suit avec le ménage son dossier de surendettement à la Banque de France.",
    ),
    "doc.situation.permit_expiring": N_(
        "doc.situation.permit_expiring", "titre de séjour à renouveler bientôt"
    ),
    "doc.situation.permit_expiring.service": N_(
        "doc.situation.permit_expiring.service",
        "Le service aide le ménage à demander le renouvellement de son titre de séjour avant "
        "sa date de fin.",
    ),
    "doc.situation.housing_application_renewal": N_(
        "doc.situation.housing_application_renewal",
        "demande de logement social à renouveler chaque année",
    ),
    "doc.situation.housing_application_renewal.service": N_(
        "doc.situation.housing_application_renewal.service",
        "Le service aide le ménage à renouveler sa demande de logement social avant sa date "
        "anniversaire.",
    ),
    "doc.situation.no_housing_application": N_(
        "doc.situation.no_housing_application", "pas encore de demande de logement social"
    ),
    "doc.situation.no_housing_application.service": N_(
        "doc.situation.no_housing_application.service",
        "Le service aide le ménage à déposer une demande de logement social.",
    ),
    "doc.objective.admin_finance.household_no_permit": N_(
        "doc.objective.admin_finance.household_no_permit",
        "montrer ses courriers et ses papiers, garder ses droits ouverts (CAF, assurance maladie) "
        "et établir un budget avec le référent.",
    ),
    "doc.objective.occupation.household_no_animals": N_(
        "doc.objective.occupation.household_no_animals",
        "entretenir le logement, respecter le règlement de l'immeuble et le voisinage.",
    ),
    "doc.objective.employment.household_not_registered": N_(
        "doc.objective.employment.household_not_registered",
        "s'inscrire, s'il le souhaite, auprès de France Travail ou de la mission locale et "
        "suivre les démarches convenues.",
    ),
    "doc.contract.label.reference": N_("doc.contract.label.reference", "Référence"),
    "doc.contract.label.measure": N_("doc.contract.label.measure", "Mesure"),
    "doc.contract.label.funder": N_("doc.contract.label.funder", "Financeur"),
    "doc.contract.label.start": N_("doc.contract.label.start", "Début de l'accompagnement"),
    "doc.contract.label.end": N_("doc.contract.label.end", "Fin de l'accompagnement"),
    "doc.contract.label.duration": N_("doc.contract.label.duration", "Durée"),
    "doc.contract.label.language": N_("doc.contract.label.language", "Langue du ménage"),
    "doc.contract.label.party": N_("doc.contract.label.party", "Partie"),
    "doc.contract.label.name": N_("doc.contract.label.name", "Nom"),
    "doc.contract.label.mention": N_(
        "doc.contract.label.mention", "Écrire à la main « Lu et approuvé »"
    ),
    "doc.contract.label.signature": N_("doc.contract.label.signature", "Date et signature"),
    "doc.contract.done_at": N_("doc.contract.done_at", "Fait à {place}, en autant d'exemplaires que de parties."),
    "doc.count.months.one": N_("doc.count.months.one", "{count} mois"),
    "doc.count.months.other": N_("doc.count.months.other", "{count} mois"),
    # Diagnostic (French only).
    "doc.service_phone": N_("doc.service_phone", "Tél. : {phone}"),
    "doc.count.years.one": N_("doc.count.years.one", "{count} an"),
    "doc.count.years.other": N_("doc.count.years.other", "{count} ans"),
    "doc.count.persons.one": N_("doc.count.persons.one", "{count} personne présente"),
    "doc.count.persons.other": N_("doc.count.persons.other", "{count} personnes présentes"),
    "doc.count.adults.one": N_("doc.count.adults.one", "{count} adulte"),
    "doc.count.adults.other": N_("doc.count.adults.other", "{count} adultes"),
    "doc.count.children.one": N_("doc.count.children.one", "{count} enfant mineur"),
    "doc.count.children.other": N_("doc.count.children.other", "{count} enfants mineurs"),
    "doc.count.units.one": N_("doc.count.units.one", "{count} unité de consommation"),
    "doc.count.units.other": N_("doc.count.units.other", "{count} unités de consommation"),
    "doc.count.joining.one": N_(
        "doc.count.joining.one", "{count} personne doit rejoindre le foyer et n'est pas comptée ci-dessus."
    ),
    "doc.count.joining.other": N_(
        "doc.count.joining.other",
        "{count} personnes doivent rejoindre le foyer et ne sont pas comptées ci-dessus.",
    ),
    "doc.sentence.household": N_("doc.sentence.household", "Foyer de {persons} : {adults} et {children}, soit {units}."),
    "doc.birth_with_age": N_("doc.birth_with_age", "{date} ({age})"),
    "doc.sex.girl": N_("doc.sex.girl", "Fille"),
    "doc.sex.boy": N_("doc.sex.boy", "Garçon"),
    "doc.language.fa_AF": N_("doc.language.fa_AF", "dari"),
    "doc.effort.no_rent": N_("doc.effort.no_rent", "sans objet (ni loyer ni charges locatives)"),
    "doc.effort.base.with_housing_benefit": N_(
        "doc.effort.base.with_housing_benefit",
        "Taux d'effort net : (loyer + charges locatives − aide au logement) divisé par les "
        "ressources mensuelles, aide au logement comprise.",
    ),
    "doc.effort.base.without_housing_benefit": N_(
        "doc.effort.base.without_housing_benefit",
        "Taux d'effort net : (loyer + charges locatives − aide au logement) divisé par les "
        "ressources mensuelles hors aide au logement.",
    ),
    "doc.occupation.norm": N_(
        "doc.occupation.norm",
        "Norme de peuplement de l'INSEE : une pièce de séjour, une pièce pour le couple ou la "
        "personne de référence, une pièce par autre personne de 19 ans ou plus, une pièce pour "
        "deux enfants de même sexe ou de moins de 7 ans. Sous-occupation à partir de deux "
        "pièces de plus que la norme.",
    ),
    "doc.done_on": N_("doc.done_on", "Fait le {date}, par {worker} ({organisation})."),
    "doc.done_on_no_date": N_(
        "doc.done_on_no_date", "Date du diagnostic non renseignée ; document édité le {date} par {worker} ({organisation})."
    ),
    # --- Issue 17: rights check (openfisca-france), shown to the worker ---
    "error.postcode": N_(
        "error.postcode",
        "Écrivez les 5 chiffres du code postal, et la commune si vous voulez, par exemple : 14000 Caen.",
    ),
    # issue 14: one message may answer two questions (a name and a birth date, a number)
    "error.name_then_date": N_(
        "error.name_then_date",
        "Écrivez le prénom, puis la date de naissance si vous voulez, par exemple : Sofiia 11/09/2012.",
    ),
    "error.application_number": N_(
        "error.application_number",
        "Écrivez le numéro de la demande avec ses chiffres, comme sur l'attestation, ou répondez « Oui » ou « Non ».",
    ),
    "tg.cmd.droits": N_(
        "tg.cmd.droits",
        "Estimer les droits sociaux du ménage",
    ),
    "rights.title": N_(
        "rights.title",
        "Droits estimés pour le dossier {reference} (législation de {month}) :",
    ),
    "rights.line": N_(
        "rights.line",
        "{benefit} : estimé {estimated} par mois, déclaré {declared}",
    ),
    "rights.line_flagged": N_(
        "rights.line_flagged",
        "{benefit} : estimé {estimated} par mois, déclaré {declared} — droit potentiellement non demandé",
    ),
    "rights.line_not_estimated": N_(
        "rights.line_not_estimated",
        "{benefit} : non estimé ({reason}), déclaré {declared}",
    ),
    "rights.caveat": N_(
        "rights.caveat",
        "Ceci est une estimation, calculée avec openfisca-france {version} d'après les réponses du diagnostic et la législation de {month}. Elle est à confirmer avec la CAF ou le simulateur officiel (mes-droits-sociaux.gouv.fr) : le patrimoine, les ressources passées et les situations particulières ne sont pas connus ici.",
    ),
    "rights.pending": N_(
        "rights.pending",
        "L'estimation des droits du dossier {reference} est en cours de calcul. Renvoyez /droits dans quelques secondes.",
    ),
    "rights.unavailable": N_(
        "rights.unavailable",
        "L'estimation des droits n'est pas disponible pour le moment (le module de calcul n'est pas installé ou ne répond pas). Le reste du dossier n'est pas concerné.",
    ),
    "rights.incomplete": N_(
        "rights.incomplete",
        "Les droits du dossier {reference} ne peuvent pas encore être estimés : les ressources du foyer ne sont pas renseignées.",
    ),
    "rights.benefit.rsa": N_("rights.benefit.rsa", "RSA"),
    "rights.benefit.prime_activite": N_("rights.benefit.prime_activite", "Prime d'activité"),
    "rights.benefit.aide_logement": N_("rights.benefit.aide_logement", "Aide au logement"),
    "rights.benefit.apl": N_("rights.benefit.apl", "Aide au logement (APL)"),
    "rights.benefit.als": N_("rights.benefit.als", "Aide au logement (ALS)"),
    "rights.benefit.alf": N_("rights.benefit.alf", "Aide au logement (ALF)"),
    "rights.benefit.af": N_("rights.benefit.af", "Allocations familiales"),
    "rights.benefit.cf": N_("rights.benefit.cf", "Complément familial"),
    "rights.benefit.asf": N_("rights.benefit.asf", "Allocation de soutien familial (ASF)"),
    "rights.benefit.aah": N_("rights.benefit.aah", "AAH"),
    "rights.note.commune": N_("rights.note.commune", "commune du logement inconnue ou introuvable"),
    "rights.note.rent": N_("rights.note.rent", "loyer non déclaré"),
    "rights.note.housing": N_("rights.note.housing", "logement actuel non renseigné"),
    "rights.note.aah_recognition": N_("rights.note.aah_recognition", "pas d'AAH reconnue par la MDPH"),
    "rights.note.mdph_pending": N_("rights.note.mdph_pending", "dossier MDPH en cours"),
    "rights.note.residence_status": N_(
        "rights.note.residence_status",
        "Avec la situation administrative déclarée (demande d'asile ou sans titre), ces prestations ne sont pas ouvertes.",
    ),
    "rights.note.permit_age": N_(
        "rights.note.permit_age",
        "RSA : la condition de 5 ans de titre de séjour n'a pas pu être vérifiée ; elle est supposée remplie.",
    ),
    "rights.note.ignored_resources": N_(
        "rights.note.ignored_resources",
        "Les ressources « autre », ADA et PAJE déclarées ne sont pas prises en compte dans le calcul.",
    ),
    "rights.note.unfurnished": N_(
        "rights.note.unfurnished",
        "Le logement loué est supposé non meublé.",
    ),
    "rights.note.pregnancy": N_(
        "rights.note.pregnancy",
        "La grossesse en cours n'est pas prise en compte (RSA majoré, PAJE).",
    ),
    "rights.note.other_member": N_(
        "rights.note.other_member",
        "Les ressources d'« une autre personne du foyer » sont attribuées à la personne la plus âgée du foyer après le demandeur et son conjoint.",
    ),
    # issue 15, worker commands: the contract's start date and duration from the chat
    "tg.cmd.debut": N_("tg.cmd.debut", "Date de début du contrat (ex. : /debut 01/02/2027)"),
    "tg.w.start_usage": N_(
        "tg.w.start_usage",
        "Écrivez la date de début du contrat après la commande, par exemple : /debut 01/02/2027",
    ),
    "tg.w.start_invalid": N_(
        "tg.w.start_invalid",
        "Dossier {reference} : date de début non enregistrée. {reason}\n"
        "Exemple : /debut 01/02/2027",
    ),
    "tg.w.start_set": N_(
        "tg.w.start_set",
        "Dossier {reference} : le contrat commencera le {start}. "
        "Envoyez /documents pour le refaire avec cette date.",
    ),
    "tg.w.start_reset": N_(
        "tg.w.start_reset",
        "Dossier {reference} : le contrat commencera le jour où les documents seront faits. "
        "Envoyez /documents pour le refaire.",
    ),
    "tg.w.months_offer": N_(
        "tg.w.months_offer",
        "Dossier {reference} : choisissez la durée du contrat parmi celles que la mesure permet.",
    ),
    "tg.w.months_button": N_("tg.w.months_button", "{months} mois"),
    "tg.w.months_set": N_(
        "tg.w.months_set",
        "Dossier {reference} : contrat de {months} mois. Les documents sont refaits avec cette durée.",
    ),
    "cli.documents.months_bounds": N_(
        "cli.documents.months_bounds",
        "Durée refusée : {months} mois est hors des limites de la mesure, de {minimum} à {maximum} "
        "mois. Rien n'est écrit.",
    ),
    # issue 17, documents: « accès aux droits » in the contract, the estimate in the diagnostic
    "doc.objective.access_rights": N_("doc.objective.access_rights", "Accès aux droits"),
    "doc.objective.access_rights.household": N_(
        "doc.objective.access_rights.household",
        "rassembler les justificatifs demandés et déposer, avec l'aide du référent, les demandes "
        "de prestations auxquelles le ménage peut avoir droit.",
    ),
    "doc.objective.access_rights.service": N_(
        "doc.objective.access_rights.service",
        "vérifier avec le ménage les droits qu'il n'a peut-être pas demandés, l'aider à constituer "
        "les dossiers (CAF, MSA, MDPH) et suivre les réponses.",
    ),
    "doc.rights.title": N_("doc.rights.title", "Estimation des droits"),
    "doc.rights.month": N_("doc.rights.month", "Estimation selon la législation de {month}."),
    "doc.rights.head.benefit": N_("doc.rights.head.benefit", "Prestation"),
    "doc.rights.head.estimated": N_("doc.rights.head.estimated", "Estimation mensuelle"),
    "doc.rights.head.declared": N_("doc.rights.head.declared", "Montant déclaré"),
    "doc.rights.head.flag": N_("doc.rights.head.flag", "Signalement"),
    "doc.rights.flagged": N_("doc.rights.flagged", "droit potentiellement non demandé"),
    "doc.rights.not_estimated": N_("doc.rights.not_estimated", "non estimé"),
    "tg.w.rights_show_button": N_(
        "tg.w.rights_show_button", "Mettre l'estimation dans le diagnostic"
    ),
    "tg.w.rights_hide_button": N_(
        "tg.w.rights_hide_button", "Retirer l'estimation du diagnostic"
    ),
    "tg.w.rights_shown": N_(
        "tg.w.rights_shown",
        "Dossier {reference} : le budget du diagnostic présentera l'estimation des droits. "
        "Envoyez /documents pour le refaire.",
    ),
    "tg.w.rights_hidden": N_(
        "tg.w.rights_hidden",
        "Dossier {reference} : le diagnostic ne présentera pas l'estimation des droits. "
        "Envoyez /documents pour le refaire.",
    ),
    # Issue 12: the staff portal (errors the CLI and the bot show; the portal's pages are French
    # only and have their own gettext domain "portal").
    "portal.error.no_account": N_("portal.error.no_account", "Aucun compte {account}."),
    "portal.error.short_password": N_(
        "portal.error.short_password", "Mot de passe trop court : au moins {minimum} caractères."
    ),
    "portal.error.document": N_("portal.error.document", "Document impossible à produire : {reason}"),
    "portal.password_set": N_("portal.password_set", "Mot de passe enregistré pour {account}."),
    "tg.cmd.portail": N_("tg.cmd.portail", "Lien de connexion au portail web"),
    "tg.w.portal_link": N_(
        "tg.w.portal_link",
        "Votre lien de connexion au portail (à usage unique, valable {minutes} minutes) : {url}",
    ),
    # Issue 13: reviews (« bilans ») of a case, their document and their chat doors.
    "review.objective_with_text": N_("review.objective_with_text", "{title} ({text})"),
    "review.error.kind": N_("review.error.kind", "Bilan inconnu : {kind}. Choisissez intermédiaire ou final."),
    "review.error.not_found": N_("review.error.not_found", "Aucun bilan {review}."),
    "review.error.completed": N_(
        "review.error.completed", "Ce bilan du dossier {reference} est terminé : ses réponses ne changent plus."
    ),
    "review.error.no_household": N_(
        "review.error.no_household",
        "Aucun compte du ménage n'est lié au dossier {reference} : invitez-le d'abord (/inviter).",
    ),
    "review.error.nothing_left": N_(
        "review.error.nothing_left", "Vos questions de ce bilan sont toutes répondues."
    ),
    "review.notice.household_done": N_(
        "review.notice.household_done", "Le ménage du dossier {reference} a répondu à sa partie du bilan."
    ),
    "review.notice.household_invited": N_(
        "review.notice.household_invited",
        "Votre travailleur social vous propose de faire le point sur votre accompagnement. "
        "Répondez à quelques questions, dans votre langue.",
    ),
    "review.kind.intermediate": N_("review.kind.intermediate", "Bilan intermédiaire"),
    "review.kind.final": N_("review.kind.final", "Bilan final"),
    "review.started": N_(
        "review.started", "{title} du dossier {reference} : {objectives} objectif(s) du contrat à évaluer."
    ),
    "review.worker_done": N_(
        "review.worker_done",
        "{title} du dossier {reference} : vos questions sont terminées. Invitez le ménage à donner "
        "son avis, faites le document ou terminez le bilan.",
    ),
    "review.completed": N_(
        "review.completed", "{title} du dossier {reference} terminé le {date}. Le document suit."
    ),
    "review.household_thanks": N_(
        "review.household_thanks", "Merci. Vos réponses sont enregistrées et transmises à votre travailleur social."
    ),
    "review.invited": N_("review.invited", "Le ménage du dossier {reference} est invité à répondre à sa partie du bilan."),
    "tg.cmd.bilan": N_("tg.cmd.bilan", "Bilan intermédiaire ou final d'un dossier"),
    "tg.w.review_usage": N_("tg.w.review_usage", "Envoyez /bilan suivi du numéro du dossier, par exemple /bilan D-000001."),
    "tg.w.review_choose": N_("tg.w.review_choose", "Dossier {reference} : quel bilan ?"),
    "tg.w.review_intermediate_button": N_("tg.w.review_intermediate_button", "Intermédiaire"),
    "tg.w.review_final_button": N_("tg.w.review_final_button", "Final"),
    "tg.w.review_invite_button": N_("tg.w.review_invite_button", "Inviter le ménage"),
    "tg.w.review_document_button": N_("tg.w.review_document_button", "Document du bilan"),
    "tg.w.review_complete_button": N_("tg.w.review_complete_button", "Terminer le bilan"),
    "tg.h.review_start_button": N_("tg.h.review_start_button", "Répondre"),
    "doc.review.done_on": N_(
        "doc.review.done_on", "Bilan établi le {date} par {worker} ({organisation})."
    ),
    "doc.review.no_freins": N_("doc.review.no_freins", "Aucun frein encore présent."),
    "doc.review.no_objectives": N_("doc.review.no_objectives", "Aucun objectif au contrat."),
    "doc.review.household_no_answer": N_(
        "doc.review.household_no_answer", "Le ménage n'a pas répondu à sa partie du bilan."
    ),
    # Issue 12, indicators (staff, French): tables, key figures, exports, the CLI.
    "indicators.heading": N_("indicators.heading", "Indicateurs"),
    "indicators.period": N_("indicators.period", "Période"),
    "indicators.period_value": N_("indicators.period_value", "du {start} au {end}"),
    "indicators.organisation": N_("indicators.organisation", "Structure"),
    "indicators.all_organisations": N_("indicators.all_organisations", "Toutes les structures"),
    "indicators.measure": N_("indicators.measure", "Mesure"),
    "indicators.all_measures": N_("indicators.all_measures", "Toutes les mesures"),
    "indicators.key_figures": N_("indicators.key_figures", "Chiffres clés"),
    "indicators.column.label": N_("indicators.column.label", "Libellé"),
    "indicators.column.count": N_("indicators.column.count", "Nombre de ménages"),
    "indicators.column.value": N_("indicators.column.value", "Valeur"),
    "indicators.total": N_("indicators.total", "Total des ménages"),
    "indicators.unknown": N_("indicators.unknown", "Non renseigné"),
    "indicators.no_resource": N_("indicators.no_resource", "Aucune ressource"),
    "indicators.no_data": N_("indicators.no_data", "Aucun dossier sur la période"),
    "indicators.table.measures": N_("indicators.table.measures", "Diagnostics par mesure"),
    "indicators.table.levels": N_("indicators.table.levels", "Diagnostics par niveau"),
    "indicators.table.statuses": N_("indicators.table.statuses", "Dossiers par étape"),
    "indicators.table.household_types": N_("indicators.table.household_types", "Types de ménage"),
    "indicators.table.age_brackets": N_("indicators.table.age_brackets",
                                        "Âge du demandeur (à la date du diagnostic)"),
    "indicators.table.employment": N_("indicators.table.employment",
                                      "Rapport à l'emploi du demandeur"),
    "indicators.table.resources": N_("indicators.table.resources",
                                     "Ressources des ménages (ménages percevant chaque ressource)"),
    "indicators.table.origin": N_("indicators.table.origin", "Origine géographique (nationalité)"),
    "indicators.table.prior_housing": N_("indicators.table.prior_housing",
                                         "Lieu d'habitation avant le suivi"),
    "indicators.table.freins": N_("indicators.table.freins", "Freins repérés, par type"),
    "indicators.table.recommended_measures": N_("indicators.table.recommended_measures",
                                                "Mesures préconisées"),
    "indicators.table.recommended_housing": N_("indicators.table.recommended_housing",
                                               "Solutions logement préconisées"),
    "indicators.table.answer_languages": N_("indicators.table.answer_languages",
                                            "Langues dans lesquelles le ménage a répondu"),
    "indicators.table.spoken_languages": N_("indicators.table.spoken_languages",
                                            "Langues parlées par le demandeur"),
    "indicators.age.under_25": N_("indicators.age.under_25", "Moins de 25 ans"),
    "indicators.age.25_34": N_("indicators.age.25_34", "25 à 34 ans"),
    "indicators.age.35_59": N_("indicators.age.35_59", "35 à 59 ans"),
    "indicators.age.60_plus": N_("indicators.age.60_plus", "60 ans et plus"),
    "indicators.figure.cases": N_("indicators.figure.cases", "Diagnostics sur la période"),
    "indicators.figure.salaried": N_("indicators.figure.salaried",
                                     "Part des ménages percevant un salaire"),
    "indicators.figure.rsa": N_("indicators.figure.rsa", "Part des ménages percevant le RSA"),
    "indicators.figure.households_done": N_("indicators.figure.households_done",
                                            "Ménages ayant terminé leurs réponses"),
    "indicators.figure.household_delay": N_(
        "indicators.figure.household_delay",
        "Délai médian entre l'invitation et la fin des réponses du ménage",
    ),
    "indicators.table.measure_outcomes": N_("indicators.table.measure_outcomes",
                                            "Sorties d'accompagnement par motif"),
    "indicators.table.measure_contacts": N_("indicators.table.measure_contacts",
                                            "Contacts et incidents du suivi, par type"),
    "indicators.figure.support_days": N_("indicators.figure.support_days",
                                         "Durée moyenne d'accompagnement (jours)"),
    "indicators.value.percent": N_("indicators.value.percent", "{value} %"),
    "indicators.value.days": N_("indicators.value.days", "{value} jour(s)"),
    "indicators.value.none": N_("indicators.value.none", "non calculable"),
    "indicators.cli.written": N_("indicators.cli.written", "Indicateurs écrits dans {path}"),
    "indicators.cli.bad_period": N_("indicators.cli.bad_period",
                                    "Période invalide : {start} est après {end}."),
}

# Messages with a count, in every grammatical number of each language (gettext plural forms:
# Russian and Ukrainian have three, Arabic six). Rendered by intake_bot.i18n.render_plural; the
# French source gives the singular (0 and 1 in French) and the plural.
PLURALS: dict[str, tuple[str, str]] = {
    "doc.plural.months": NP_("doc.plural.months", "{count} mois", "{count} mois"),
    "doc.plural.years": NP_("doc.plural.years", "{count} an", "{count} ans"),
    "doc.plural.persons": NP_("doc.plural.persons", "{count} personne présente",
                              "{count} personnes présentes"),
    "doc.plural.adults": NP_("doc.plural.adults", "{count} adulte", "{count} adultes"),
    "doc.plural.children": NP_("doc.plural.children", "{count} enfant mineur",
                               "{count} enfants mineurs"),
    "doc.plural.units": NP_("doc.plural.units", "{count} unité de consommation",
                            "{count} unités de consommation"),
    "doc.plural.joining": NP_(
        "doc.plural.joining", "{count} personne doit rejoindre le foyer et n'est pas comptée ci-dessus.",
        "{count} personnes doivent rejoindre le foyer et ne sont pas comptées ci-dessus."),
}
