"""spasmbot: a Telegram assistant that helps people understand facial spasms."""

__version__ = "0.1.0"
