"""The staff web portal (issue 12): cases, documents, indicators and accounts in a browser.

A door like the console and the bot: it reaches cases only through the case service.
"""

from intake_bot.web.app import create_app, serve, serve_beside

__all__ = ["create_app", "serve", "serve_beside"]
