"""Action server package (rasa-sdk).

- ``catalogue/``: the programme catalogue: loading, validation, name lookup.
- ``replies/``: what the assistant says, composed in plain Python from the catalogue.
- ``dialogue/``: thin Rasa actions that read the tracker and send the replies.

Only ``dialogue/`` imports rasa-sdk; everything else is plain Python. The action
server is started with ``--actions actions.dialogue``: rasa-sdk walks that package
only (walking all of ``actions`` would also import unrelated top-level packages
that share a folder's name, such as spaCy's ``catalogue`` dependency).
"""
