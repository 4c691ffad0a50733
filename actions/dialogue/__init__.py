"""Thin Rasa actions: read the tracker, call plain-Python replies, send them."""
