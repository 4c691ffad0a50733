"""The staff page's routes (``/staff…``), added to the web server by bot/web/app.py.

Sign-in (no session needed):
  GET/POST /staff/connexion            e-mail and password
  GET      /staff/connexion/<token>    a one-time link: a page with one button, which
  POST     /staff/connexion/<token>    redeems it (mail scanners that open links do not spend it)
Everything else needs a live session (else: sign-in page, or 401 for CSV/JSON):
  POST /staff/deconnexion
  GET  /staff                          tableau de bord: places, centres, statistics, charts, widget
  GET  /staff/export/statistiques.csv, /staff/export/places.csv
  GET  /staff/seances, POST /staff/seances, POST /staff/seances/import
  GET/POST /staff/seances/<id>/modifier, POST /staff/seances/<id>/annuler
  GET  /staff/seances/<id>/inscrits(.csv)      (centre staff of that centre, admin; audited)
  GET  /staff/demandes, GET /staff/demandes/<id>/contact (audited), POST /staff/demandes/<id>/traitee
  GET  /staff/widget.js, /staff/confidentialite; POST /staff/api/conversations, /staff/api/messages
       (the widget on the staff page: the relay adds the member's signed claim)
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Sequence, Tuple

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from actions.booking.clock import PARIS, utc_now
from actions.booking.models import CentreRow
from actions.staff.claims import STAFF_SUBJECT, Subject, deployment_secret, sign_claim
from actions.staff.directory import StaffIdentity
from actions.staff.models import ADMIN, CENTRE_STAFF
from actions.staff.sign_in import (
    WebSession, check_password, close_session, open_session, purge_expired, redeem_sign_in_token, session_for,
)
from bot.web.pages import Pages
from bot.web.relay import Relay
from bot.web.settings import WebSettings
from bot.web.staff import html as h
from bot.web.staff import messages as m
from bot.web.staff import services
from bot.web.staff.auth import (
    FormTooLarge, SignInLimits, clear_session_cookie, cookie_of, csrf_valid, read_form, same_origin,
    set_session_cookie,
)
from bot.web.staff.database import StaffDatabase

logger = logging.getLogger(__name__)

STATISTICS_WEEKS = 8
ALL_WEEKS = "toutes"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
NO_STORE = {"Cache-Control": "no-store"}
# Pages say where their forms come from (Origin), to this server only: with the server's
# default "no-referrer", browsers send "Origin: null", which the POST check refuses.
PAGE_HEADERS = {**NO_STORE, "Referrer-Policy": "same-origin"}

Handler = Callable[[Request, WebSession], Awaitable[Response]]


def _root(request: Request) -> str:
    return request.scope.get("root_path", "") or ""


def _html(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=PAGE_HEADERS)


def _wants_data(request: Request) -> bool:
    path = request.url.path
    return path.endswith(".csv") or "/staff/api/" in path or "application/json" in request.headers.get("accept", "")


def _csv_cell(value: Any) -> str:
    text = services.label_text(value) if value is not None else ""
    if isinstance(value, dt.datetime):
        text = h.when(value)
    # A cell starting with one of these is a formula in a spreadsheet: made plain text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(rows: Sequence[Sequence[Any]], filename: str) -> Response:
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return Response(
        "\ufeff" + output.getvalue(), media_type=CSV_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', **NO_STORE},
    )


def _parse_date(raw: str) -> Optional[dt.date]:
    raw = (raw or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    return None


def _paris_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=PARIS).astimezone(dt.timezone.utc)


class StaffSite:
    def __init__(self, settings: WebSettings, relay: Relay, pages: Pages, *,
                 database: Optional[StaffDatabase] = None) -> None:
        self.settings = settings
        self.relay = relay
        self.pages = pages
        self.db = database or StaffDatabase(settings.database_url)
        self.limits = SignInLimits(settings)

    # -- plumbing ------------------------------------------------------------------------------

    def routes(self) -> List[Route]:
        signed = self._signed_in
        return [
            Route("/staff/connexion", self.sign_in_form, methods=["GET", "HEAD"]),
            Route("/staff/connexion", self.sign_in_password, methods=["POST"]),
            Route("/staff/connexion/{token}", self.link_form, methods=["GET", "HEAD"]),
            Route("/staff/connexion/{token}", self.link_redeem, methods=["POST"]),
            Route("/staff/deconnexion", signed(self.sign_out), methods=["POST"]),
            Route("/staff", signed(self.dashboard), methods=["GET", "HEAD"]),
            Route("/staff/", signed(self.dashboard), methods=["GET", "HEAD"]),
            Route("/staff/export/statistiques.csv", signed(self.statistics_csv), methods=["GET"]),
            Route("/staff/export/places.csv", signed(self.places_csv), methods=["GET"]),
            Route("/staff/seances", signed(self.sessions_page), methods=["GET", "HEAD"]),
            Route("/staff/seances", signed(self.session_create), methods=["POST"]),
            Route("/staff/seances/import", signed(self.sessions_import), methods=["POST"]),
            Route("/staff/seances/{session_id:int}/modifier", signed(self.session_edit_form), methods=["GET", "HEAD"]),
            Route("/staff/seances/{session_id:int}/modifier", signed(self.session_update), methods=["POST"]),
            Route("/staff/seances/{session_id:int}/annuler", signed(self.session_cancel), methods=["POST"]),
            Route("/staff/seances/{session_id:int}/inscrits", signed(self.attendees_page), methods=["GET", "HEAD"]),
            Route("/staff/seances/{session_id:int}/inscrits.csv", signed(self.attendees_csv), methods=["GET"]),
            Route("/staff/demandes", signed(self.handoff_page), methods=["GET", "HEAD"]),
            Route("/staff/demandes/{request_id:int}/contact", signed(self.handoff_contact), methods=["GET"]),
            Route("/staff/demandes/{request_id:int}/traitee", signed(self.handoff_done), methods=["POST"]),
            Route("/staff/widget.js", signed(self.widget), methods=["GET", "HEAD"]),
            Route("/staff/confidentialite", signed(self.privacy), methods=["GET", "HEAD"]),
            Route("/staff/api/conversations", signed(self.api_conversation), methods=["POST"]),
            Route("/staff/api/messages", signed(self.api_message), methods=["POST"]),
            # Any other /staff address: sign-in first, then « page not found ».
            Route("/staff/{rest:path}", signed(self.not_found), methods=["GET", "HEAD", "POST"]),
        ]

    def _signed_in(self, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        """The live session, else the sign-in page (401 for CSV/JSON); POST: origin and CSRF checked."""

        @functools.wraps(handler)
        async def endpoint(request: Request) -> Response:
            try:
                return await self._guarded(request, handler)
            except SQLAlchemyError as problem:
                logger.warning("Base de données indisponible pour l'espace du personnel (%s)", type(problem).__name__)
                return self._error_page(request, 503, m.DATABASE_DOWN)

        return endpoint

    async def _guarded(self, request: Request, handler: Handler) -> Response:
        cookie = cookie_of(request)
        session = await self.db.run(lambda db: session_for(db, cookie)) if cookie else None
        if session is None:
            return self._not_signed_in(request, had_cookie=cookie is not None)
        request.state.staff = session
        if request.method == "POST":
            if not same_origin(request, self.settings):
                return self._error_page(request, 403, m.ORIGIN_REFUSED)
            if "/staff/api/" not in request.url.path:  # the widget's JSON calls: see api_message
                try:
                    form = await read_form(request)
                except FormTooLarge:
                    return self._error_page(request, 413, m.FORM_TOO_LARGE, session)
                if not csrf_valid(form.get("csrf_token"), session.csrf_token):
                    logger.warning("Formulaire refusé : jeton CSRF absent ou faux (%s)", request.url.path)
                    return self._error_page(request, 403, m.CSRF_REFUSED, session)
                request.state.form = form
        try:
            return await handler(request, session)
        except services.FeatureUnavailable:
            return self._error_page(request, 503, m.UNAVAILABLE, session)

    def _not_signed_in(self, request: Request, *, had_cookie: bool) -> Response:
        if _wants_data(request) or request.method == "POST" and "/staff/api/" in request.url.path:
            response: Response = JSONResponse({"error": "not_signed_in", "message": m.NOT_SIGNED_IN}, status_code=401)
        else:
            response = RedirectResponse(f"{_root(request)}/staff/connexion", status_code=303, headers=NO_STORE)
        if had_cookie:
            clear_session_cookie(response, self.settings)
        return response

    def _error_page(self, request: Request, status: int, sentence: str,
                    session: Optional[WebSession] = None) -> Response:
        if _wants_data(request):
            return JSONResponse({"error": str(status), "message": sentence}, status_code=status)
        root = _root(request)
        back = f'<p><a href="{h.e(root)}/staff">Retour au tableau de bord</a></p>' if session else ""
        page = h.layout(root, "Demande refusée" if status in (403, 413) else "Page indisponible",
                        h.notice(sentence, kind="error") + back,
                        identity=session.identity if session else None, csrf=session.csrf_token if session else "")
        return _html(page, status)

    def _refusal(self, request: Request, session: WebSession, problem: Exception) -> Optional[Response]:
        """A refusal of the business code: 403 when not theirs, else None (shown on the form)."""
        forbidden, unknown = services.forbidden_types(), services.not_found_types()
        if forbidden and isinstance(problem, forbidden):
            return self._error_page(request, 403, str(problem) or m.FORBIDDEN, session)
        if unknown and isinstance(problem, unknown):
            return self._error_page(request, 404, str(problem) or m.NOT_FOUND, session)
        return None

    def _page(self, request: Request, session: WebSession, title: str, body: str, *, current: str = "",
              scripts: Sequence[str] = ()) -> HTMLResponse:
        return _html(h.layout(_root(request), title, body, identity=session.identity, csrf=session.csrf_token,
                              current=current, scripts=scripts))

    # -- sign-in -------------------------------------------------------------------------------

    def _sign_in_page(self, request: Request, *, problem: str = "", info: str = "", email: str = "",
                      status: int = 200) -> HTMLResponse:
        root = _root(request)
        message = h.notice(problem, kind="error") if problem else (h.notice(info) if info else "")
        body = f"""{message}<p>{h.e(m.SIGN_IN_INTRO)}</p>
<form method="post" action="{h.e(root)}/staff/connexion" class="stacked">
  <p><label for="email">Adresse e-mail</label>
  <input id="email" name="email" type="email" autocomplete="username" required value="{h.e(email)}"></p>
  <p><label for="password">Mot de passe</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required></p>
  <p><button type="submit">Se connecter</button></p>
</form>"""
        response = _html(h.layout(root, m.SIGN_IN_TITLE, body), status)
        return response

    async def sign_in_form(self, request: Request) -> Response:
        info = m.SIGNED_OUT if request.query_params.get("fin") == "1" else ""
        return self._sign_in_page(request, info=info)

    async def sign_in_password(self, request: Request) -> Response:
        if not same_origin(request, self.settings):
            return self._error_page(request, 403, m.ORIGIN_REFUSED)
        try:
            form = await read_form(request, max_bytes=8 * 1024)
        except FormTooLarge:
            return self._error_page(request, 413, m.FORM_TOO_LARGE)
        email, password = form.get("email", "").strip()[:254], form.get("password", "")[:1024]
        if not self.limits.allow(request, email):
            logger.warning("Connexion au personnel refusée : trop de tentatives")
            return self._sign_in_page(request, problem=m.SIGN_IN_RATE_LIMITED, email=email, status=429)

        def sign_in(db) -> Optional[WebSession]:
            identity = check_password(db, email, password)
            return self._open(db, identity) if identity is not None else None

        session = await self.db.run(sign_in)
        if session is None:
            logger.info("Connexion au personnel refusée : adresse ou mot de passe incorrect")
            return self._sign_in_page(request, problem=m.SIGN_IN_REFUSED, email=email, status=401)
        return self._signed_in_response(request, session)

    def _open(self, db, identity: StaffIdentity) -> WebSession:
        purge_expired(db)
        return open_session(db, identity)

    def _signed_in_response(self, request: Request, session: WebSession) -> Response:
        logger.info("Connexion au personnel : membre %s", session.identity.id)
        response = RedirectResponse(f"{_root(request)}/staff", status_code=303, headers=NO_STORE)
        set_session_cookie(response, session.cookie, self.settings)
        return response

    async def link_form(self, request: Request) -> Response:
        root = _root(request)
        token = request.path_params["token"]
        body = f"""<p>{h.e(m.LINK_CONFIRM)}</p>
<form method="post" action="{h.e(root)}/staff/connexion/{h.e(token)}">
  <p><button type="submit">Ouvrir ma session</button></p>
</form>"""
        # The address holds the token: no referrer, never cached.
        return _html(h.layout(root, m.LINK_TITLE, body))

    async def link_redeem(self, request: Request) -> Response:
        if not same_origin(request, self.settings):
            return self._error_page(request, 403, m.ORIGIN_REFUSED)
        if not self.limits.allow(request):
            return self._sign_in_page(request, problem=m.SIGN_IN_RATE_LIMITED, status=429)
        token = request.path_params["token"][:200]

        def redeem(db) -> Optional[WebSession]:
            identity = redeem_sign_in_token(db, token)
            return self._open(db, identity) if identity is not None else None

        try:
            session = await self.db.run(redeem)
        except SQLAlchemyError as problem:
            logger.warning("Base de données indisponible pour l'espace du personnel (%s)", type(problem).__name__)
            return self._error_page(request, 503, m.DATABASE_DOWN)
        if session is None:
            logger.info("Lien de connexion refusé (inconnu, déjà utilisé ou expiré)")
            return self._sign_in_page(request, problem=m.LINK_REFUSED, status=401)
        return self._signed_in_response(request, session)

    async def sign_out(self, request: Request, session: WebSession) -> Response:
        await self.db.run(lambda db: close_session(db, session.cookie))
        response = RedirectResponse(f"{_root(request)}/staff/connexion?fin=1", status_code=303, headers=NO_STORE)
        clear_session_cookie(response, self.settings)
        return response

    # -- tableau de bord -----------------------------------------------------------------------

    def _filters(self, request: Request) -> Dict[str, Any]:
        """The places' filters; no week given: this week (« semaine=toutes »: every week to come)."""
        query = request.query_params
        raw_week = query.get("semaine", "").strip()
        week = None if raw_week == ALL_WEEKS else _parse_date(raw_week)
        if week is None and raw_week != ALL_WEEKS:
            week = utc_now().astimezone(PARIS).date()
        if week is not None:
            week = week - dt.timedelta(days=week.weekday())
        return {
            "week_start": week,
            "commune_insee": (query.get("commune", "").strip() or None),
            "programme_id": (query.get("programme", "").strip() or None),
            "epci": (query.get("epci", "").strip() or None),
        }

    def _period(self, request: Request) -> Tuple[dt.date, dt.date]:
        today = utc_now().astimezone(PARIS).date()
        start = _parse_date(request.query_params.get("du", "")) or today - dt.timedelta(weeks=STATISTICS_WEEKS)
        end = _parse_date(request.query_params.get("au", "")) or today
        if end < start:
            start, end = end, start
        return start, end

    async def dashboard(self, request: Request, session: WebSession) -> Response:
        identity = session.identity
        filters = self._filters(request)
        start, end = self._period(request)
        now = utc_now()

        def read(db) -> Dict[str, Any]:
            found: Dict[str, Any] = {"programmes": services.programmes(db), "problem": None}
            try:
                found["places"] = services.places(db, identity, now=now, **filters)
            except services.refusal_types() as refusal:  # a commune outside their territory…
                found["places"], found["problem"] = [], refusal
            found["statistics"] = services.statistics(
                db, identity, start=_paris_midnight(start), end=_paris_midnight(end + dt.timedelta(days=1)))
            return found

        data = await self.db.run(read)
        try:
            centres = await self._in_thread(lambda: services.territory_centres(identity, limit=5))
        except services.FeatureUnavailable:
            centres = []
        root = _root(request)
        problem = data["problem"]
        body = (
            self._places_section(root, identity, filters, data["programmes"], data["places"],
                                 problem=str(problem) if problem else "")
            + self._centres_section(centres)
            + self._statistics_section(root, start, end, data["statistics"])
            + '<section aria-labelledby="assistant-titre"><h2 id="assistant-titre">L\'assistant</h2>'
            "<p>Le bouton rond en bas à droite ouvre l'assistant. Ici, il vous reconnaît : demandez par exemple "
            "« combien de places cette semaine sur mon territoire ? ».</p></section>"
            f'<script src="{h.e(root)}/staff/widget.js" data-title="Assistant (espace du personnel)" '
            'data-color="#00596b" async></script>'
        )
        response = self._page(request, session, "Tableau de bord", body, current="tableau",
                              scripts=("/static/vendor/chart.umd.min.js", "/static/staff.js"))
        if problem is not None:
            forbidden = services.forbidden_types()
            response.status_code = 403 if forbidden and isinstance(problem, forbidden) else 400
        return response

    async def _in_thread(self, work: Callable[[], Any]) -> Any:
        return await run_in_threadpool(work)

    def _places_section(self, root: str, identity: StaffIdentity, filters: Dict[str, Any],
                        programmes: List[Tuple[str, str]], places: list, *, problem: str = "") -> str:
        week = filters["week_start"].isoformat() if filters["week_start"] else ""
        epci_field = ""
        if identity.role == ADMIN or len(identity.epcis) > 1:
            choices = [(code, code) for code in identity.epcis]
            if identity.role == ADMIN:
                epci_field = (f'<p><label for="epci">Intercommunalité (SIREN)</label>'
                              f'<input id="epci" name="epci" inputmode="numeric" pattern="[0-9]{{9}}" '
                              f'value="{h.e(filters["epci"] or "")}"></p>')
            else:
                epci_field = (f'<p><label for="epci">Intercommunalité</label><select id="epci" name="epci">'
                              f'{h.options(choices, filters["epci"], blank="Toutes les miennes")}</select></p>')
        show_attendees = identity.role in (CENTRE_STAFF, ADMIN)
        rows = []
        for place in places:
            session_id = services.field(place, "session_id")
            seats = f'{services.field(place, "seats_left")} / {services.field(place, "capacity")}'
            distance = services.field(place, "distance_km")
            row = [
                h.when(services.field(place, "starts_at")),
                f'{services.field(place, "centre_name")} ({services.field(place, "city")})',
                services.field(place, "programme_name") or "Tous les programmes",
                services.field(place, "room") or "",
                seats,
                f"{distance:.0f} km" if isinstance(distance, (int, float)) else "",
                "oui" if services.field(place, "is_demo") else "non",
            ]
            if show_attendees:
                row.append(f'<a href="{h.e(root)}/staff/seances/{h.e(session_id)}/inscrits">Inscrits'
                           f'<span class="visually-hidden"> de la séance {h.e(session_id)}</span></a>')
            rows.append(row)
        headers = ["Date et heure", "Centre", "Programme", "Salle", "Places restantes", "Distance", "Démonstration"]
        if show_attendees:
            headers.append("Inscrits")
        query = "&amp;".join(f"{key}={h.e(value)}" for key, value in (
            ("semaine", week or ALL_WEEKS), ("commune", filters["commune_insee"] or ""),
            ("programme", filters["programme_id"] or ""), ("epci", filters["epci"] or "")) if value)
        return f"""<section aria-labelledby="places-titre">
<h2 id="places-titre">Places dans les ateliers à venir</h2>
{h.notice(problem, kind="error") if problem else ""}
<form method="get" action="{h.e(root)}/staff" class="filters">
  <p><label for="semaine">Semaine du (un jour de la semaine)</label><input id="semaine" name="semaine" type="date" value="{h.e(week)}"></p>
  <p><label for="commune">Commune (code INSEE)</label>
  <input id="commune" name="commune" inputmode="numeric" maxlength="5" aria-describedby="commune-aide" value="{h.e(filters["commune_insee"] or "")}">
  <span id="commune-aide" class="hint">Par exemple 59350 pour Lille.</span></p>
  <p><label for="programme">Programme</label><select id="programme" name="programme">
  {h.options(programmes, filters["programme_id"], blank="Tous les programmes")}</select></p>
  {epci_field}
  <p><button type="submit">Filtrer</button></p>
</form>
{h.table("Séances à venir et places restantes", headers, rows, raw_columns=(7,) if show_attendees else (),
         empty="Aucune séance à venir avec ces critères.")}
<p><a href="{h.e(root)}/staff?semaine={ALL_WEEKS}">Toutes les séances à venir</a> ·
<a href="{h.e(root)}/staff/export/places.csv{"?" + query if query else ""}">Télécharger ces places (CSV)</a></p>
</section>"""

    def _centres_section(self, centres: list) -> str:
        rows = []
        for nearby in centres:
            centre = services.field(nearby, "centre")
            distance = services.field(nearby, "distance_km")
            rows.append([
                services.field(centre, "name", ""), services.field(centre, "city", ""),
                f"{distance:.0f} km" if isinstance(distance, (int, float)) else "",
                services.field(nearby, "phone") or "", services.field(nearby, "email") or "",
                services.field(nearby, "url") or "",
            ])
        return ('<section aria-labelledby="centres-titre"><h2 id="centres-titre">Centres Afpa de votre territoire</h2>'
                + h.table("Centres Afpa les plus proches", ("Centre", "Commune", "Distance", "Téléphone", "E-mail",
                                                             "Site"), rows,
                          empty="Aucun centre à afficher pour votre compte.")
                + "</section>")

    def _statistics_section(self, root: str, start: dt.date, end: dt.date, stats: Any) -> str:
        share = services.field(stats, "unanswered_share")
        if isinstance(share, (int, float)):
            share_text = f"{share * 100:.0f} %" if share <= 1 else f"{share:.0f} %"
        else:
            share_text = "–"
        summary = [
            ("Annulations", services.field(stats, "cancellations", 0)),
            ("Questions posées à l'assistant", services.field(stats, "questions_total", 0)),
            ("Questions sans réponse", services.field(stats, "unanswered_total", 0)),
            ("Part des questions sans réponse", share_text),
        ]
        items = "".join(f"<div><dt>{h.e(label)}</dt><dd>{h.e(value)}</dd></div>" for label, value in summary)
        period = f"du={start.isoformat()}&amp;au={end.isoformat()}"
        return f"""<section aria-labelledby="stats-titre">
<h2 id="stats-titre">Statistiques</h2>
<form method="get" action="{h.e(root)}/staff" class="filters">
  <p><label for="du">Du</label><input id="du" name="du" type="date" value="{start.isoformat()}"></p>
  <p><label for="au">Au</label><input id="au" name="au" type="date" value="{end.isoformat()}"></p>
  <p><button type="submit">Afficher la période</button></p>
</form>
<p>Des comptes seulement, sans donnée personnelle, du {start.strftime("%d/%m/%Y")} au {end.strftime("%d/%m/%Y")}.</p>
<dl class="figures">{items}</dl>
{h.chart("graphique-semaines", "Inscriptions par semaine", "bar",
         services.pairs(services.field(stats, "bookings_per_week")), first="Semaine", label="Inscriptions",
         short_label=lambda text: text.replace("semaine du ", ""))}
{h.chart("graphique-programmes", "Inscriptions par programme", "bar",
         services.pairs(services.field(stats, "bookings_per_programme")), first="Programme", label="Inscriptions",
         horizontal=True)}
{h.chart("graphique-questions", "Questions sans réponse les plus fréquentes", "bar",
         services.pairs(services.field(stats, "top_unanswered")), first="Question", label="Fois", horizontal=True)}
{h.table("Inscriptions par centre", ("Centre", "Inscriptions"),
         services.pairs(services.field(stats, "bookings_per_centre")), empty="Aucune inscription sur cette période.")}
{h.table("Vérifications d'éligibilité par résultat", ("Résultat", "Vérifications"),
         services.pairs(services.field(stats, "eligibility_by_outcome")), empty="Aucune vérification sur cette période.")}
<p><a href="{h.e(root)}/staff/export/statistiques.csv?{period}">Télécharger ces statistiques (CSV)</a></p>
</section>"""

    async def statistics_csv(self, request: Request, session: WebSession) -> Response:
        start, end = self._period(request)
        stats = await self.db.run(lambda db: services.statistics(
            db, session.identity, start=_paris_midnight(start), end=_paris_midnight(end + dt.timedelta(days=1))))
        rows: List[Sequence[Any]] = [("rubrique", "libellé", "nombre")]
        for key, title in (("bookings_per_week", "inscriptions par semaine"),
                           ("bookings_per_programme", "inscriptions par programme"),
                           ("bookings_per_centre", "inscriptions par centre"),
                           ("eligibility_by_outcome", "vérifications d'éligibilité"),
                           ("top_unanswered", "questions sans réponse")):
            rows.extend((title, label, count) for label, count in services.pairs(services.field(stats, key)))
        for key, title in (("cancellations", "annulations"), ("questions_total", "questions posées"),
                           ("unanswered_total", "questions sans réponse (total)"),
                           ("unanswered_share", "part des questions sans réponse")):
            rows.append((title, "", services.field(stats, key, "")))
        return _csv(rows, f"statistiques-{start.isoformat()}-{end.isoformat()}.csv")

    async def places_csv(self, request: Request, session: WebSession) -> Response:
        filters = self._filters(request)
        now = utc_now()
        try:
            places = await self.db.run(lambda db: services.places(db, session.identity, now=now, **filters))
        except services.refusal_types() as refusal:
            return self._refusal(request, session, refusal) or self._error_page(request, 400, str(refusal), session)
        rows: List[Sequence[Any]] = [("séance", "date", "centre", "commune", "programme", "salle", "capacité",
                                      "places restantes", "démonstration")]
        for place in places:
            rows.append([services.field(place, name) for name in ("session_id", "starts_at", "centre_name", "city")]
                        + [services.field(place, "programme_name") or "tous",
                           services.field(place, "room") or "", services.field(place, "capacity"),
                           services.field(place, "seats_left"), "oui" if services.field(place, "is_demo") else "non"])
        return _csv(rows, "places.csv")

    # -- a centre's sessions --------------------------------------------------------------------

    def _centre_only(self, request: Request, session: WebSession) -> Optional[Response]:
        if session.identity.role not in (CENTRE_STAFF, ADMIN):
            return self._error_page(request, 403, m.FORBIDDEN, session)
        return None

    async def _centre_choices(self, identity: StaffIdentity) -> List[Tuple[str, str]]:
        def read(db) -> List[Tuple[str, str]]:
            query = select(CentreRow).order_by(CentreRow.name)
            if identity.role != ADMIN:
                query = query.where(CentreRow.id.in_(identity.centres))
            return [(row.id, f"{row.name} ({row.city})") for row in db.scalars(query)]

        return await self.db.run(read)

    def _session_form(self, root: str, csrf: str, action: str, centres, programmes, values: Dict[str, str],
                      submit: str) -> str:
        v = {key: h.e(value) for key, value in values.items()}
        return f"""<form method="post" action="{h.e(action)}" class="stacked">{h.csrf_field(csrf)}
  <p><label for="centre">Centre</label><select id="centre" name="centre" required>{h.options(centres, values.get("centre"))}</select></p>
  <p><label for="date">Date</label><input id="date" name="date" type="date" required value="{v.get("date", "")}"></p>
  <p><label for="heure">Heure de début</label><input id="heure" name="heure" type="time" required value="{v.get("heure", "")}"></p>
  <p><label for="duree">Durée (minutes)</label><input id="duree" name="duree" type="number" min="15" max="600" step="5" required value="{v.get("duree", "120")}"></p>
  <p><label for="salle">Lieu ou salle</label><input id="salle" name="salle" maxlength="200" value="{v.get("salle", "")}"></p>
  <p><label for="programme-seance">Programme</label><select id="programme-seance" name="programme">{h.options(programmes, values.get("programme"), blank="Ouverte à tous les programmes")}</select></p>
  <p><label for="capacite">Nombre de places</label><input id="capacite" name="capacite" type="number" min="1" max="500" required value="{v.get("capacite", "12")}"></p>
  <p><button type="submit">{h.e(submit)}</button></p>
</form>"""

    @staticmethod
    def _session_fields(form: Dict[str, str]) -> Tuple[Dict[str, Any], Optional[str]]:
        """The form's values for actions.staff.sessions, or a French problem."""
        for name, label in (("centre", "Centre"), ("date", "Date"), ("heure", "Heure de début"),
                            ("duree", "Durée"), ("capacite", "Nombre de places")):
            if not form.get(name, "").strip():
                return {}, m.MISSING_FIELD.format(field=label)
        day = _parse_date(form["date"])
        if day is None:
            return {}, m.BAD_DATE
        try:
            start = dt.datetime.strptime(form["heure"].strip()[:5], "%H:%M").time()
        except ValueError:
            return {}, m.BAD_TIME
        numbers: Dict[str, int] = {}
        for name, label in (("duree", "Durée"), ("capacite", "Nombre de places")):
            raw = form[name].strip()
            if not raw.isdigit() or int(raw) <= 0:
                return {}, m.BAD_NUMBER.format(field=label)
            numbers[name] = int(raw)
        starts_at = dt.datetime.combine(day, start, tzinfo=PARIS).astimezone(dt.timezone.utc)
        return {
            "centre_id": form["centre"].strip(),
            "starts_at": starts_at,
            "duration_minutes": numbers["duree"],
            "capacity": numbers["capacite"],
            "room": form.get("salle", "").strip() or None,
            "programme_id": form.get("programme", "").strip() or None,
        }, None

    async def sessions_page(self, request: Request, session: WebSession, *, problem: str = "", info: str = "",
                            values: Optional[Dict[str, str]] = None, import_text: str = "",
                            import_report: str = "", status: int = 200) -> Response:
        refused = self._centre_only(request, session)
        if refused:
            return refused
        identity = session.identity
        now = utc_now()
        root = _root(request)

        def read(db):
            return services.programmes(db), services.places(db, identity, now=now)

        programmes, places = await self.db.run(read)
        centres = await self._centre_choices(identity)
        rows = []
        for place in places:
            session_id = services.field(place, "session_id")
            links = (f'<a href="{h.e(root)}/staff/seances/{h.e(session_id)}/inscrits">Inscrits</a> · '
                     f'<a href="{h.e(root)}/staff/seances/{h.e(session_id)}/modifier">Modifier ou annuler</a>')
            rows.append([
                h.when(services.field(place, "starts_at")),
                services.field(place, "centre_name"),
                services.field(place, "programme_name") or "Tous les programmes",
                services.field(place, "room") or "",
                f'{services.field(place, "seats_left")} / {services.field(place, "capacity")}',
                "oui" if services.field(place, "is_demo") else "non",
                links,
            ])
        message = h.notice(problem, kind="error") if problem else (h.notice(info) if info else "")
        body = f"""{message}
<section aria-labelledby="liste-titre"><h2 id="liste-titre">Séances à venir</h2>
{h.table("Séances à venir de vos centres", ("Date et heure", "Centre", "Programme", "Salle", "Places restantes", "Démonstration", "Actions"), rows, raw_columns=(6,), empty="Aucune séance à venir.")}
</section>
<section aria-labelledby="nouvelle-titre"><h2 id="nouvelle-titre">Ajouter une séance</h2>
{self._session_form(root, session.csrf_token, f"{root}/staff/seances", centres, programmes, values or {}, "Enregistrer la séance")}
</section>
<section aria-labelledby="import-titre"><h2 id="import-titre">Importer des séances (CSV)</h2>
{import_report}
<form method="post" action="{h.e(root)}/staff/seances/import" class="stacked">{h.csrf_field(session.csrf_token)}
  <p><label for="fichier">Fichier CSV</label><input id="fichier" type="file" accept=".csv,text/csv" data-fills="csv" aria-describedby="csv-aide"></p>
  <p><label for="csv">Contenu du fichier CSV</label>
  <textarea id="csv" name="csv" rows="8" required aria-describedby="csv-aide">{h.e(import_text)}</textarea>
  <span id="csv-aide" class="hint">Une séance par ligne, après une ligne d'en-tête :
  <code>date;heure;durée;centre;lieu;dispositif;places</code> (par exemple
  <code>07/12/2026;09:30;120;roubaix;Salle 1;;12</code>). Tout ou rien : si une ligne est fausse, rien n'est
  importé. Choisir un fichier remplit la zone de texte ; vous pouvez aussi y coller le contenu.</span></p>
  <p><button type="submit">Importer</button></p>
</form></section>"""
        response = self._page(request, session, "Séances de mon centre" if identity.role == CENTRE_STAFF
                              else "Séances des centres", body, current="seances", scripts=("/static/staff.js",))
        response.status_code = status
        return response

    async def session_create(self, request: Request, session: WebSession) -> Response:
        refused = self._centre_only(request, session)
        if refused:
            return refused
        forbidden, problem = await self._save_session(
            request, session, lambda db, fields: services.create_session(db, session.identity, now=utc_now(), **fields))
        if forbidden:
            return forbidden
        if problem:
            return await self.sessions_page(request, session, problem=problem, values=request.state.form, status=400)
        return await self.sessions_page(request, session, info=m.SESSION_CREATED)

    async def _save_session(self, request: Request, session: WebSession,
                            save: Callable[[Any, Dict[str, Any]], Any]) -> Tuple[Optional[Response], Optional[str]]:
        """Reads the session form and runs ``save(db, fields)``: (a refusal page, None) when the
        member may not, (None, the French problem) when the form or the service refuses it,
        (None, None) once saved."""
        fields, problem = self._session_fields(request.state.form)
        if problem is not None:
            return None, problem
        try:
            await self.db.run(lambda db: save(db, fields))
        except services.refusal_types() as refusal:
            return self._refusal(request, session, refusal), str(refusal)
        return None, None

    async def sessions_import(self, request: Request, session: WebSession) -> Response:
        refused = self._centre_only(request, session)
        if refused:
            return refused
        text = request.state.form.get("csv", "")
        try:
            report = await self.db.run(lambda db: services.import_sessions_csv(db, session.identity, text,
                                                                                   now=utc_now()))
        except services.refusal_types() as refusal:
            forbidden = self._refusal(request, session, refusal)
            if forbidden:
                return forbidden
            return await self.sessions_page(request, session, problem=str(refusal), import_text=text, status=400)
        created = services.field(report, "created", 0)
        created_count = created if isinstance(created, int) else len(created or ())
        errors = list(services.field(report, "errors", ()) or ())
        lines = "".join(f"<li>Ligne {h.e(line)} : {h.e(message)}</li>" for line, message in errors)
        summary = f"{created_count} séance{'s' if created_count > 1 else ''} créée{'s' if created_count > 1 else ''}."
        report_html = (f'<div class="notice {"error" if errors else "info"}" role="{"alert" if errors else "status"}">'
                       f"<p>{h.e(summary)}</p>{'<ul>' + lines + '</ul>' if lines else ''}</div>")
        return await self.sessions_page(request, session, import_report=report_html,
                                        import_text=text if errors else "", status=400 if errors and not created_count else 200)

    async def _one_session(self, session: WebSession, session_id: int) -> Optional[Any]:
        now = utc_now()
        places = await self.db.run(lambda db: services.places(db, session.identity, now=now))
        return next((place for place in places if services.field(place, "session_id") == session_id), None)

    async def session_edit_form(self, request: Request, session: WebSession, *, problem: str = "",
                                values: Optional[Dict[str, str]] = None, status: int = 200) -> Response:
        refused = self._centre_only(request, session)
        if refused:
            return refused
        session_id = request.path_params["session_id"]
        place = await self._one_session(session, session_id)
        if place is None:
            return self._error_page(request, 403, m.FORBIDDEN, session)
        root = _root(request)
        if values is None:
            starts = services.field(place, "starts_at").astimezone(PARIS)
            values = {"centre": services.field(place, "centre_id"), "date": starts.date().isoformat(),
                      "heure": starts.strftime("%H:%M"), "duree": str(services.field(place, "duration_minutes")),
                      "salle": services.field(place, "room") or "", "programme": services.field(place, "programme_id") or "",
                      "capacite": str(services.field(place, "capacity"))}
        programmes = await self.db.run(services.programmes)
        centres = [(services.field(place, "centre_id"), services.field(place, "centre_name"))]  # it stays there
        body = f"""{h.notice(problem, kind="error") if problem else ""}
<section aria-labelledby="modifier-titre"><h2 id="modifier-titre">Modifier</h2>
{self._session_form(root, session.csrf_token, f"{root}/staff/seances/{session_id}/modifier", centres, programmes, values, "Enregistrer les modifications")}
</section>
<section aria-labelledby="annuler-titre"><h2 id="annuler-titre">Annuler la séance</h2>
<p>Les personnes inscrites sont prévenues sur leur canal, avec la proposition d'autres séances.</p>
<form method="post" action="{h.e(root)}/staff/seances/{session_id}/annuler" class="stacked">{h.csrf_field(session.csrf_token)}
  <p class="check"><input id="confirmer" name="confirmer" type="checkbox" value="oui" required>
  <label for="confirmer">Je confirme l'annulation de cette séance</label></p>
  <p><button type="submit" class="danger">Annuler la séance</button></p>
</form></section>
<p><a href="{h.e(root)}/staff/seances">Retour aux séances</a></p>"""
        response = self._page(request, session, f"Séance du {h.when(services.field(place, 'starts_at'))}", body,
                              current="seances")
        response.status_code = status
        return response

    async def session_update(self, request: Request, session: WebSession) -> Response:
        refused = self._centre_only(request, session)
        if refused:
            return refused
        session_id = request.path_params["session_id"]
        forbidden, problem = await self._save_session(
            request, session,
            lambda db, fields: services.update_session(db, session.identity, session_id, now=utc_now(), **fields))
        if forbidden:
            return forbidden
        if problem:
            return await self.session_edit_form(request, session, problem=problem, values=request.state.form,
                                                status=400)
        return await self.sessions_page(request, session, info=m.SESSION_UPDATED)

    async def session_cancel(self, request: Request, session: WebSession) -> Response:
        refused = self._centre_only(request, session)
        if refused:
            return refused
        session_id = request.path_params["session_id"]
        if request.state.form.get("confirmer") != "oui":
            return await self.session_edit_form(request, session, problem=m.CANCEL_NOT_CONFIRMED, status=400)
        try:
            await self.db.run(lambda db: services.cancel_session(db, session.identity, session_id, now=utc_now()))
        except services.refusal_types() as refusal:
            forbidden = self._refusal(request, session, refusal)
            if forbidden:
                return forbidden
            return await self.sessions_page(request, session, problem=str(refusal), status=400)
        return await self.sessions_page(request, session, info=m.SESSION_CANCELLED)

    # -- attendee lists (personal data: audited by lookups.attendees) ----------------------------

    async def _attendees(self, request: Request, session: WebSession) -> Any:
        refused = self._centre_only(request, session)
        if refused:
            return refused
        session_id = request.path_params["session_id"]
        try:
            return await self.db.run(lambda db: services.attendees(db, session.identity, session_id))
        except services.refusal_types() as refusal:
            return self._refusal(request, session, refusal) or self._error_page(request, 403, str(refusal), session)

    async def attendees_page(self, request: Request, session: WebSession) -> Response:
        found = await self._attendees(request, session)
        if isinstance(found, Response):
            return found
        session_id = request.path_params["session_id"]
        root = _root(request)
        rows = [[services.field(person, "reference"), services.field(person, "first_name") or "",
                 services.field(person, "contact") or "", h.when(services.field(person, "booked_at")),
                 services.field(person, "status")] for person in found]
        body = (
            "<p>Données personnelles : à n'utiliser que pour accueillir ces personnes à la séance. "
            "Chaque consultation est enregistrée.</p>"
            + h.table(f"Personnes inscrites à la séance {session_id}",
                      ("Référence", "Prénom", "Contact", "Inscrit le", "Statut"), rows,
                      empty="Personne n'est inscrit à cette séance.")
            + f'<p><a href="{h.e(root)}/staff/seances/{session_id}/inscrits.csv">Télécharger la liste (CSV)</a></p>'
            + f'<p><a href="{h.e(root)}/staff/seances">Retour aux séances</a></p>'
        )
        return self._page(request, session, f"Inscrits à la séance {session_id}", body, current="seances")

    async def attendees_csv(self, request: Request, session: WebSession) -> Response:
        found = await self._attendees(request, session)
        if isinstance(found, Response):
            return found
        rows: List[Sequence[Any]] = [("référence", "prénom", "contact", "inscrit le", "statut")]
        rows.extend([services.field(person, name) for name in ("reference", "first_name", "contact", "booked_at",
                                                                "status")] for person in found)
        return _csv(rows, f"inscrits-seance-{request.path_params['session_id']}.csv")

    # -- handoff queue --------------------------------------------------------------------------

    async def handoff_page(self, request: Request, session: WebSession, *, info: str = "", problem: str = "",
                           status: int = 200, shown_contact: Optional[Tuple[int, str]] = None) -> Response:
        """The requests of the member's centres or territory (actions.staff.handoff.requests_for): open
        first. The list shows no contact; « Voir le contact » shows one (audited)."""
        requests = await self.db.run(lambda db: services.handoff_requests(db, session.identity))
        root = _root(request)
        cards = []
        for item in requests:
            request_id = services.field(item, "id")
            handled = services.field(item, "status") == "handled"
            lines = services.field(item, "summary_lines") or []
            summary_html = ("<ul>" + "".join(f"<li>{h.e(line)}</li>" for line in lines) + "</ul>") if lines else ""
            if shown_contact is not None and shown_contact[0] == request_id:
                contact = f"<div><dt>Contact</dt><dd>{h.e(shown_contact[1])}</dd></div>"
            else:
                contact = (f'<div><dt>Contact</dt><dd><a href="{h.e(root)}/staff/demandes/{h.e(request_id)}/contact">'
                           f'Voir le contact<span class="visually-hidden"> (demande {h.e(request_id)})</span></a>'
                           "</dd></div>")
            action = (f"<p>Traitée le {h.e(h.when(services.field(item, 'handled_at')))}.</p>" if handled else
                      f'<form method="post" action="{h.e(root)}/staff/demandes/{h.e(request_id)}/traitee">'
                      f'{h.csrf_field(session.csrf_token)}<button type="submit">Marquer comme traitée'
                      f'<span class="visually-hidden"> (demande {h.e(request_id)})</span></button></form>')
            cards.append(
                f'<li class="card" id="demande-{h.e(request_id)}"><h2>Demande {h.e(request_id)}'
                f'{" (traitée)" if handled else ""}</h2><dl>'
                f"<div><dt>Reçue le</dt><dd>{h.e(h.when(services.field(item, 'created_at')))}</dd></div>"
                f"<div><dt>Centre</dt><dd>{h.e(services.field(item, 'centre_name') or services.field(item, 'centre_id') or '')}</dd></div>"
                f"<div><dt>Canal</dt><dd>{h.e(services.field(item, 'channel') or '')}</dd></div>"
                f"{contact}</dl>{summary_html}{action}</li>"
            )
        message = h.notice(problem, kind="error") if problem else (h.notice(info) if info else "")
        body = message + ('<p>Ces personnes ont demandé à être recontactées. Chaque consultation d\'un contact est '
                          "enregistrée.</p>" if cards else "")
        body += ('<ul class="cards">' + "".join(cards) + "</ul>" if cards
                 else '<p class="empty">Aucune demande pour le moment.</p>')
        response = self._page(request, session, "Demandes de contact", body, current="demandes")
        response.status_code = status
        return response

    async def handoff_contact(self, request: Request, session: WebSession) -> Response:
        request_id = request.path_params["request_id"]
        try:
            contact = await self.db.run(
                lambda db: services.handoff_contact(db, session.identity, request_id, now=utc_now()))
        except services.refusal_types() as refusal:
            return self._refusal(request, session, refusal) or self._error_page(request, 403, str(refusal), session)
        return await self.handoff_page(request, session, shown_contact=(request_id, contact or "(effacé)"))

    async def handoff_done(self, request: Request, session: WebSession) -> Response:
        request_id = request.path_params["request_id"]
        try:
            await self.db.run(lambda db: services.mark_handled(db, session.identity, request_id, now=utc_now()))
        except services.refusal_types() as refusal:
            forbidden = self._refusal(request, session, refusal)
            if forbidden:
                return forbidden
            return await self.handoff_page(request, session, problem=str(refusal), status=400)
        return await self.handoff_page(request, session, info=m.REQUEST_HANDLED)

    # -- the widget on the staff page -------------------------------------------------------------

    async def widget(self, request: Request, session: WebSession) -> Response:
        return await self.pages.widget(request)

    async def privacy(self, request: Request, session: WebSession) -> Response:
        return await self.pages.privacy(request)

    async def api_conversation(self, request: Request, session: WebSession) -> Response:
        return await self.relay.start_conversation(request)

    async def api_message(self, request: Request, session: WebSession) -> Response:
        secret, staff_id = deployment_secret(), session.identity.id
        return await self.relay.relay_message(
            request, staff_claim=lambda sender_id: sign_claim(Subject(STAFF_SUBJECT, staff_id), sender_id, secret))

    async def not_found(self, request: Request, session: WebSession) -> Response:
        return self._error_page(request, 404, m.NOT_FOUND, session)
