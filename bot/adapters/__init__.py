"""Thin adapters between the core and the outside world (terminal, Telegram)."""
