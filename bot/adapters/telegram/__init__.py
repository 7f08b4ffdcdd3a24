"""The Telegram adapter: python-telegram-bot around the consultation engine.

One update's path (docs/architecture.md tells it at more length):

    PTB (polling, or http_front.py's webhook)
    → ordering.py   the chat's lock: one chat in order, chats side by side
    → handlers.py   PTB's handlers and filters: which kind of update goes where
    → incoming.py   the update as what the person did (pure)
    → turns.py      snapshot → permitted → actions.py decides → commit → deliver
    → delivery.py   each committed call through PTB, under limits.py's pacing

Group sessions leave at handlers.py for groups.py and the classroom; the
periodic work is jobs.py; /reload and SIGHUP are reload.py; application.py
builds the whole `Application`.
"""
