"""After a household's free-text answer, once the reply is sent: translate what is still
« à traduire », then maybe offer the language the household keeps writing in.

The translation backend may block on HTTP for seconds, and the storage must only be used from
the event loop (one SQLite connection). So the work is split: :func:`pending_texts` reads the
state (loop), ``translation.prefetched.fetch`` calls the backend (a worker thread, no storage),
and ``CaseService.translate_pending`` then runs on the loop with a ``Prefetched`` translator
that answers from what was fetched, loading and saving the state with no wait in between.
"""

from __future__ import annotations

from intake_bot.cases import CaseService
from intake_bot.casework import Casework
from intake_bot.i18n import LANGUAGES, render
from intake_bot.translation import NoTranslator
from intake_bot.translation.prefetched import Fetched, Prefetched
from intake_bot.channels.telegram import _views as views
from intake_bot.channels.telegram._callbacks import Language
from intake_bot.channels.telegram._outbox import Button, Outbox


def pending_texts(casework: Casework, case_id: int) -> list[tuple[str, str]]:
    """(text, language) of every free-text answer still waiting for its translation (none
    when no translation backend is configured)."""
    if isinstance(casework.translator, NoTranslator):
        return []
    texts = []
    for record in casework.state(case_id)["answers"].values():
        translation = record.get("translation") or {}
        if translation.get("pending"):
            texts.append((record["value"], translation["lang"]))
    return texts


def store_translations(service: CaseService, case_id: int, fetched: Fetched) -> int:
    """Store the fetched translations of answers still pending; how many were stored."""
    if not fetched:
        return 0
    engine = service.casework.translator.engine
    return service.translate_pending(case_id, Prefetched(fetched, engine))


def offer_language(box: Outbox, chat_id: int, offered: str, current: str) -> None:
    """Offer to switch to ``offered`` (asked in that language and in the current one)."""
    native, kept = LANGUAGES[offered].native_name, LANGUAGES[current].native_name
    texts = [views.directed(render("tg.language_offer", loc, language=native), loc)
             for loc in dict.fromkeys((offered, current))]
    rows = [[Button(render("tg.offer_switch", offered, language=native), Language(offered).pack())],
            [Button(render("tg.offer_keep", current, language=kept), Language(current).pack())]]
    box.say(chat_id, "\n\n".join(texts), rows)
