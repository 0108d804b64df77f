"""intake-bot: the French housing social diagnostic as a multilingual conversation.

Public surface: :class:`intake_bot.casework.Casework` (the interview of stored cases),
:mod:`intake_bot.engine.interview` (the pure engine), :func:`intake_bot.questionnaire.compiler.load_flow`
(the questionnaire), :mod:`intake_bot.storage` (storage backends), and the ``intake-bot`` command
(:mod:`intake_bot.cli`).
"""

__version__ = "0.1.0"
