"""The staff command line (``python -m bot.staff``, see ``__main__``)."""
