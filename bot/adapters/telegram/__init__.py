"""The Telegram adapter: python-telegram-bot around the consultation engine."""
