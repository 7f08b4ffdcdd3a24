"""Test doubles of Telegram's Bot API, so tests and benchmarks run the real PTB stack offline."""
