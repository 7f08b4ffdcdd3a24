"""The pure core: dialog model, engine and rendering. No I/O, no Telegram."""
