"""Badges: what can be earned, the awards, and their Open Badges documents."""
