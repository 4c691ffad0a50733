"""Staff of intercommunalities and Afpa centres (issue #11), in plain Python.

- ``models``: staff accounts, their territories and centres, sign-in tokens and web
  sessions, the audit log, the handoff queue, the outbox of notifications and the
  anonymous assistant events behind the statistics (migration 0004);
- ``claims``: the signed identity claim that only the bridges attach to a message;
- ``directory``: staff accounts (what ``python -m bot.staff`` and the actions use);
- ``verification``: who, if anyone, a message's claim vouches for;
- ``outbox``: messages for a person or the staff chat, delivered by their channel.
"""
