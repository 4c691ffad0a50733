"""Action server package (rasa-sdk).

- ``catalogue/``: the programme catalogue: loading, validation, name lookup.
- ``replies/``: what the assistant says, composed in plain Python from the catalogue.
- ``dialogue/``: thin Rasa actions that read the tracker and send the replies.

Only ``dialogue/`` imports rasa-sdk; everything else is plain Python.
"""
