"""Where conversations live between messages, and who may touch one at a time.

The Rasa server keeps every conversation (its tracker: the events of each sender) in
Rasa's SQL tracker store, so that a restart of any process loses nothing, and takes
Rasa's ticket lock of a conversation in a lock store (Redis when several Rasa servers
share the conversations). ``endpoints.yml`` names both; ``bot/rasa_server.py`` fills
its variables from these settings. See docs/deployment.md.

Modules, one job each:

- ``settings``: ``TRACKER_STORE_URL``, ``LOCK_STORE_URL``, ``LOCK_STORE_KEY_PREFIX`` and
  their defaults (plain Python);
- ``lock_store``: Rasa's ``RedisLockStore`` configured by one URL, or its in-memory
  lock store when there is none (imports Rasa: loaded by the Rasa server only);
- ``retention``: deletes the stored conversations older than a retention period
  (plain SQLAlchemy, for the daily retention job).
"""
