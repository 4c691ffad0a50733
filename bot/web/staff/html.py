"""HTML of the staff page: one layout, small helpers; every value escaped here.

Server-rendered, no inline script or style (the page CSP forbids them): the charts'
data travel in ``<script type="application/json">`` blocks (data, never run) read by
/static/staff.js. Tables sit in a focusable scrolling region, so that they stay
readable on a phone and reachable with the keyboard.
"""
from __future__ import annotations

import datetime as dt
import html
import json
from typing import Any, Callable, Iterable, List, Optional, Sequence, Tuple

from actions.booking.clock import to_paris
from actions.staff.directory import StaffIdentity
from actions.staff.models import ADMIN, CENTRE_STAFF, EPCI_STAFF

ROLE_NAMES = {EPCI_STAFF: "intercommunalité", CENTRE_STAFF: "centre Afpa", ADMIN: "administration"}


def e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def when(moment: Optional[dt.datetime]) -> str:
    """« 03/12/2026 14:00 », Paris time."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return to_paris(moment).strftime("%d/%m/%Y %H:%M")


def csrf_field(token: str) -> str:
    return f'<input type="hidden" name="csrf_token" value="{e(token)}">'


def nav(root: str, identity: StaffIdentity, csrf: str, current: str) -> str:
    links = [("tableau", f"{root}/staff", "Tableau de bord")]
    if identity.role in (CENTRE_STAFF, ADMIN):
        links.append(("seances", f"{root}/staff/seances", "Séances de mon centre" if identity.role == CENTRE_STAFF
                      else "Séances des centres"))
    links.append(("demandes", f"{root}/staff/demandes", "Demandes de contact"))
    current_mark = ' aria-current="page"'
    items = "".join(
        f'<li><a href="{e(href)}"{current_mark if key == current else ""}>{e(label)}</a></li>'
        for key, href, label in links
    )
    return (
        f'<nav aria-label="Menu du personnel"><ul>{items}<li>'
        f'<form method="post" action="{e(root)}/staff/deconnexion" class="inline">{csrf_field(csrf)}'
        '<button type="submit" class="link-button">Se déconnecter</button></form></li></ul></nav>'
    )


def layout(root: str, title: str, body: str, *, identity: Optional[StaffIdentity] = None, csrf: str = "",
           current: str = "", scripts: Sequence[str] = ()) -> str:
    who = ""
    menu = ""
    if identity is not None:
        scope = ", ".join(identity.epcis or identity.centres)
        role = ROLE_NAMES.get(identity.role, identity.role) + (f" : {scope}" if scope else "")
        who = f'<p class="who">{e(identity.name)} <span>({e(role)})</span></p>'
        menu = nav(root, identity, csrf, current)
    script_tags = "".join(f'<script src="{e(root)}{e(src)}" defer></script>' for src in scripts)
    return f"""<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>{e(title)} – Espace du personnel – Assistant Afpa</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="{e(root)}/static/staff.css">
  {script_tags}
</head>
<body>
  <a class="skip" href="#contenu">Aller au contenu</a>
  <header class="staff-header">
    <p class="brand">Assistant Afpa <span>Espace du personnel</span></p>
    {who}
    {menu}
  </header>
  <main id="contenu" tabindex="-1">
    <h1>{e(title)}</h1>
    {body}
  </main>
</body>
</html>
"""


def notice(text: str, *, kind: str = "info") -> str:
    role = "alert" if kind == "error" else "status"
    return f'<div class="notice {e(kind)}" role="{role}"><p>{e(text)}</p></div>'


def table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, raw_columns: Sequence[int] = (),
          empty: str = "Rien à afficher.") -> str:
    """A table in a scrolling region; cells escaped except the ``raw_columns`` (built here, already escaped)."""
    body_rows: List[str] = []
    for row in rows:
        cells = []
        for index, cell in enumerate(row):
            content = str(cell) if index in raw_columns else e(cell)
            cells.append(f'<th scope="row">{content}</th>' if index == 0 else f"<td>{content}</td>")
        body_rows.append("<tr>" + "".join(cells) + "</tr>")
    if not body_rows:
        return f'<p class="empty">{e(empty)}</p>'
    head = "".join(f'<th scope="col">{e(header)}</th>' for header in headers)
    return (
        f'<div class="table-wrap" role="region" aria-label="{e(caption)}" tabindex="0"><table>'
        f"<caption>{e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body_rows)}</tbody>"
        "</table></div>"
    )


def options(choices: Iterable[Tuple[str, str]], selected: Optional[str], *, blank: Optional[str] = None) -> str:
    result = f'<option value="">{e(blank)}</option>' if blank is not None else ""
    for value, label in choices:
        chosen = " selected" if value == selected else ""
        result += f'<option value="{e(value)}"{chosen}>{e(label)}</option>'
    return result


def chart(chart_id: str, title: str, kind: str, data: Sequence[Tuple[str, float]], *, first: str, label: str,
          horizontal: bool = False, short_label: Callable[[str], str] = lambda text: text) -> str:
    """A chart (Chart.js, drawn by staff.js) and the same figures as a table for screen readers and CSV."""
    spec = {"type": kind, "label": label, "labels": [short_label(name) for name, _ in data],
            "values": [value for _, value in data], "horizontal": horizontal}
    figure_table = table(title, (first, label), data, empty="Aucune donnée sur cette période.")
    encoded = json.dumps(spec, ensure_ascii=True).replace("<", "\\u003c")
    canvas = (
        f'<div class="chart-box"><canvas id="{e(chart_id)}" role="img" aria-label="{e(title)} (graphique ; '
        f'les chiffres sont dans le tableau qui suit)"></canvas></div>'
        f'<script type="application/json" class="chart-data" data-canvas="{e(chart_id)}">'
        f"{encoded}</script>"
        if data else ""
    )
    return f'<figure class="chart"><figcaption><h3>{e(title)}</h3></figcaption>{canvas}{figure_table}</figure>'
