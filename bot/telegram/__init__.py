"""Telegram channel: a bridge between the Telegram Bot API and the Rasa REST channel.

Run it with ``python -m bot.telegram`` (``make run`` does it when
``TELEGRAM_BOT_TOKEN`` is set). See docs/telegram.md.

Modules, one job each:

- ``settings``: the environment variables;
- ``rasa_client``: the REST channel client (deadline, bounded retries);
- ``rendering``: Rasa replies -> Telegram messages (splitting, keyboards);
- ``buttons``: the buttons shown, kept per chat; ``callback_data`` holds only a random key;
- ``ordering``: one chat's updates handled one at a time, in arrival order;
- ``conversation``: one chat's exchange with the assistant, and pressed buttons;
- ``commands``: the bot's commands and ``/start`` deep links;
- ``rate_limit``: per-chat token bucket;
- ``delivery``: sending to Telegram with bounded retries, "typing…";
- ``messages``: every sentence the bridge itself says (French);
- ``privacy``: what may appear in logs;
- ``location``: a shared location -> the payload for the nearest centres (rounded position);
- ``app``: the handlers (routing only) and the Application wiring;
- ``webhook``: the webhook receiver (secret-token check);
- ``runner``: start and stop in polling or webhook mode.
"""
