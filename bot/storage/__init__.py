"""Where conversations are kept: an async interface and its backends."""

from bot.storage.base import ConversationKey, Storage

__all__ = ["ConversationKey", "Storage"]
