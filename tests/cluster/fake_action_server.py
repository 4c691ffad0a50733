"""A stand-in for a failing action server: ``python -m tests.cluster.fake_action_server MODE PORT``.

``slow``: accepts every action call and answers nothing for ten minutes;
``error``: answers every action call with an error 500. ``GET /health`` answers 200 in
both modes (a server that looks alive but does not work).
"""
from __future__ import annotations

import asyncio
import sys

from aiohttp import web


async def health(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def main() -> None:
    mode, port = sys.argv[1], int(sys.argv[2])

    async def webhook(_request: web.Request) -> web.Response:
        if mode == "slow":
            await asyncio.sleep(600)
        return web.json_response({"error": "boom"}, status=500)

    app = web.Application()
    app.router.add_get("/health", health)
    app.router.add_post("/webhook", webhook)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main()
