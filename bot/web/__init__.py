"""Web channel: the chat widget for any website, and the server behind it.

Run it with ``python -m bot.web`` (``make run`` does it). See docs/web.md.

Modules, one job each:

- ``settings``: the environment variables;
- ``identity``: the server's secret, conversation tokens and signed buttons;
- ``relay``: the JSON relay to the Rasa REST channel (checks, limits, errors);
- ``rendering``: Rasa replies -> the widget's messages;
- ``messages``: every sentence the server itself says (French);
- ``pages``: the demo page, the privacy notice and the widget script;
- ``app``: the Starlette application (routes, CORS, security headers);
- ``widget/widget.js``: the widget itself (plain JavaScript, served as it is);
- ``staff/``: the staff page (``/staff``, behind sign-in; issue #11).

The Rasa REST client and the rate limiter are the Telegram bridge's
(``bot.telegram.rasa_client``, ``bot.telegram.rate_limit``): one implementation each.
"""
