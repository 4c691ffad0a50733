"""The staff page (``/staff``, issue #11): sign-in, lookups, charts, CSV exports, a centre's
sessions, attendee lists, the handoff queue, and the widget that knows the signed-in member.

Modules: ``routes`` (the pages and their checks), ``auth`` (cookie, CSRF, sign-in limits,
forms), ``database`` (the engine, calls in a thread), ``services`` (the only calls into
``actions.staff``), ``html`` (layout and helpers), ``messages`` (French sentences).
See docs/web.md, « Page du personnel ».
"""
