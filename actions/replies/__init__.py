"""What the assistant says, composed from the catalogue (plain Python, no Rasa)."""
