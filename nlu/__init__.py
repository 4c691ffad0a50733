"""Custom Rasa NLU components for French as people really type it."""
