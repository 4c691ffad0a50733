/*
 * Assistant Afpa : le widget de discussion, à intégrer dans n'importe quelle page par
 *
 *   <script src="https://…/widget.js" data-title="…" data-color="#00596b" async></script>
 *
 * Plain modern JavaScript, served as it is by bot/web (no build step, no framework).
 * Design (docs/web.md):
 * - everything lives in an open Shadow DOM: the host page's CSS cannot reach it and its
 *   CSS cannot leak out; styles are a constructable stylesheet (no <style> in the host
 *   document, nothing a strict Content-Security-Policy blocks); no inline script, no eval;
 * - every message is inserted as text (textContent), never as HTML; links are built
 *   from http(s) addresses only and open with rel="noopener noreferrer";
 * - the server issues the conversation token; the widget keeps it, with the transcript,
 *   in the page's sessionStorage (this tab, this site): the server stores no transcript,
 *   and closing the tab forgets the conversation (shared computers);
 * - accessibility (RGAA 4.1 / WCAG 2.1 AA): real buttons with French names, a labelled
 *   field, a live region, Escape closes and gives the focus back, visible focus, a
 *   colour adjusted until its contrast reaches 4.5:1, prefers-reduced-motion.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src || document.querySelector("afpa-assistant")) {
    return; // not loaded by a <script src> tag, or already on the page
  }

  var BASE = new URL(".", script.src);
  var API_CONVERSATIONS = new URL("api/conversations", BASE).href;
  var API_MESSAGES = new URL("api/messages", BASE).href;
  var PRIVACY_URL = new URL("confidentialite", BASE).href;
  var STORAGE_KEY = "afpa-assistant:v1:" + BASE.href;
  var MAX_CHARACTERS = 1000;
  var WARN_FROM_CHARACTERS = 900;
  var MAX_TRANSCRIPT_ENTRIES = 200;
  var REQUEST_TIMEOUT_MS = 15000;
  var DEFAULT_COLOR = "#00596b";
  var PANEL_BACKGROUND = [255, 255, 255];
  var BOT_BUBBLE_BACKGROUND = [241, 243, 244];

  var TEXTS = {
    title: "Assistant Afpa",
    open: "Ouvrir la discussion",
    close: "Fermer",
    restart: "Nouvelle conversation",
    send: "Envoyer",
    fieldLabel: "Votre message",
    placeholder: "Écrivez votre question…",
    log: "Messages de la conversation",
    you: "Vous : ",
    assistant: "L'assistant : ",
    note: "Information : ",
    typing: "L'assistant écrit…",
    choices: "Réponses proposées",
    retry: "Réessayer",
    newWindow: " (nouvelle fenêtre)",
    privacy: "Vos données personnelles",
    erase: "Effacer mes données",
    // What the "Effacer mes données" button says to the assistant (the delete_my_data intent):
    // the assistant then says what it keeps and asks before erasing anything.
    eraseRequest: "Supprimer mes données",
    disclaimer: "Assistant automatique : n'écrivez pas d'informations sensibles (santé, numéro de sécurité sociale…).",
    welcome:
      "Bonjour ! Je réponds à vos questions sur les programmes et les formations de l'Afpa " +
      "(Promo 16-18, Prépa compétences, HOPE…), je vous aide à voir ceux qui vous correspondent " +
      "et à vous inscrire à un atelier découverte. Écrivez votre question.",
    restarted: "Nouvelle conversation. Posez votre question.",
    network:
      "Je n'arrive pas à joindre l'assistant. Vérifiez votre connexion internet, puis réessayez.",
    unavailable:
      "Désolé, l'assistant ne répond pas pour le moment. Réessayez dans quelques minutes.",
    rejected: "Ce message n'a pas pu être envoyé.",
    remaining: function (count) {
      return count === 0
        ? "Vous avez atteint la limite de 1 000 caractères."
        : "Encore " + count + " caractère" + (count > 1 ? "s" : "") + " possible" + (count > 1 ? "s" : "") + " (1 000 au maximum).";
    },
    download: function (name) { return "Télécharger « " + name + " »"; },
  };

  // -- colours: whatever data-color is, text on it and it on white reach 4.5:1 ----------

  function parseHexColor(value) {
    var match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((value || "").trim());
    if (!match) return null;
    var hex = match[1].length === 3 ? match[1].replace(/./g, "$&$&") : match[1];
    return [0, 2, 4].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); });
  }

  function luminance(rgb) {
    var c = rgb.map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function toHex(rgb) {
    return "#" + rgb.map(function (v) { return ("0" + Math.round(v).toString(16)).slice(-2); }).join("");
  }

  /* The accent carries white text (header, your messages) and is used as text and
     borders on white and on the assistant's grey bubbles: darkened until every one
     of these reaches 4.5:1. */
  function accessibleAccent(requested) {
    var rgb = parseHexColor(requested);
    if (requested && !rgb && window.console) {
      console.warn("Assistant Afpa : data-color doit être une couleur #rrggbb ; couleur par défaut utilisée.");
    }
    rgb = rgb || parseHexColor(DEFAULT_COLOR);
    var color = rgb;
    for (var step = 0; step <= 40; step++) {
      color = rgb.map(function (v) { return v * (1 - step / 40); });
      if (contrast(color, PANEL_BACKGROUND) >= 4.5 && contrast(color, BOT_BUBBLE_BACKGROUND) >= 4.5) break;
    }
    return toHex(color);
  }

  var ACCENT = accessibleAccent(script.getAttribute("data-color"));
  var TITLE = (script.getAttribute("data-title") || "").trim().slice(0, 80) || TEXTS.title;

  var CSS = [
    ":host { all: initial !important; }",
    ".root { --accent: " + ACCENT + "; --text: #1a1a1a; --muted: #4d4d4d; --bubble: #f1f3f4;",
    "  font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; color: var(--text);",
    "  -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }",
    ".root *, .root *::before, .root *::after { box-sizing: border-box; }",
    ".visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;",
    "  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }",
    "button, input { font: inherit; color: inherit; margin: 0; }",
    "button { cursor: pointer; border: 2px solid transparent; }",
    ":focus { outline: none; }",
    ":focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }",
    ".launcher { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; width: 60px; height: 60px;",
    "  border-radius: 50%; background: var(--accent); color: #fff; display: flex; align-items: center;",
    "  justify-content: center; box-shadow: 0 2px 8px rgba(0,0,0,.35); padding: 0; }",
    ".launcher:focus-visible { outline: 3px solid var(--accent); outline-offset: 3px; box-shadow: 0 0 0 3px #fff; }",
    ".launcher svg { width: 30px; height: 30px; fill: currentColor; }",
    ".launcher[hidden], .panel[hidden] { display: none; }",
    ".panel { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; width: 380px;",
    "  max-width: calc(100vw - 32px); height: 600px; max-height: calc(100vh - 32px); max-height: calc(100dvh - 32px);",
    "  display: flex; flex-direction: column; background: #fff; border-radius: 12px; overflow: hidden;",
    "  box-shadow: 0 4px 24px rgba(0,0,0,.35); border: 1px solid #8c8c8c; animation: afpa-in .18s ease-out; }",
    "@keyframes afpa-in { from { opacity: 0; transform: translateY(12px); } to { opacity: 1; transform: none; } }",
    "@media (max-width: 480px) { .panel { right: 0; bottom: 0; width: 100vw; max-width: 100vw; height: 100vh;",
    "  height: 100dvh; max-height: none; border-radius: 0; border: 0; } }",
    ".header { display: flex; align-items: center; gap: 4px; padding: 8px 8px 8px 16px; background: var(--accent); color: #fff; }",
    ".header h2 { flex: 1; margin: 0; font-size: 17px; font-weight: 700; line-height: 1.3; overflow-wrap: anywhere; }",
    ".header button { background: transparent; color: #fff; border-radius: 6px; padding: 6px 8px; line-height: 1.2; }",
    ".header button:hover { background: rgba(255,255,255,.15); }",
    ".header button:focus-visible { outline: 3px solid #fff; outline-offset: 0; }",
    ".header .close { font-size: 22px; line-height: 1; padding: 4px 10px; }",
    ".log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; }",
    ".log:focus-visible { outline-offset: -3px; }",
    ".msg { max-width: 88%; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }",
    ".msg.bot { align-self: flex-start; background: var(--bubble); border-bottom-left-radius: 4px; }",
    ".msg.user { align-self: flex-end; background: var(--accent); color: #fff; border-bottom-right-radius: 4px; }",
    ".msg.note { align-self: center; max-width: 100%; background: #fff; color: var(--muted); font-size: 14px; text-align: center; }",
    ".msg.error { align-self: stretch; max-width: 100%; background: #fdecea; color: #5f1410; border: 1px solid #c9372c; }",
    ".msg a { color: inherit; text-decoration: underline; }",
    ".msg.user a:focus-visible { outline-color: #fff; }",
    ".choices { display: flex; flex-wrap: wrap; gap: 6px; align-self: flex-start; max-width: 100%; }",
    ".choice { display: inline-block; background: #fff; color: var(--accent); border: 2px solid var(--accent);",
    "  border-radius: 16px; padding: 4px 12px; font-size: 15px; text-decoration: none; text-align: left; }",
    ".choice:hover { background: var(--bubble); }",
    ".error button { display: block; margin-top: 8px; background: #fff; color: #5f1410; border: 2px solid #5f1410;",
    "  border-radius: 6px; padding: 4px 12px; }",
    ".error button:focus-visible { outline-color: #5f1410; }",
    ".typing { padding: 0 12px 8px; color: var(--muted); font-size: 14px; display: flex; align-items: center; gap: 8px; }",
    ".typing[hidden] { display: none; }",
    ".dots { display: inline-flex; gap: 4px; }",
    ".dots span { width: 7px; height: 7px; border-radius: 50%; background: var(--muted); animation: afpa-dot 1.2s infinite ease-in-out; }",
    ".dots span:nth-child(2) { animation-delay: .2s; } .dots span:nth-child(3) { animation-delay: .4s; }",
    "@keyframes afpa-dot { 0%, 80%, 100% { opacity: .3; } 40% { opacity: 1; } }",
    ".composer { display: flex; flex-wrap: wrap; gap: 8px; padding: 8px 12px; border-top: 1px solid #8c8c8c; }",
    ".composer input { flex: 1 1 160px; min-width: 0; padding: 8px 10px; border: 2px solid #6b6b6b; border-radius: 8px; background: #fff; }",
    ".composer input:focus-visible { outline-offset: 0; border-color: var(--accent); }",
    ".composer .send { background: var(--accent); color: #fff; border-radius: 8px; padding: 8px 14px; font-weight: 700; }",
    ".composer .send[aria-disabled=true] { opacity: .75; cursor: wait; }",
    ".hint { flex-basis: 100%; margin: 0; font-size: 13px; color: var(--muted); }",
    ".hint:empty { display: none; }",
    ".footer { padding: 6px 12px 10px; font-size: 13px; color: var(--muted); }",
    ".footer p { margin: 0 0 4px; }",
    ".footer .actions { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 4px 12px; }",
    ".footer .restart, .footer .erase { background: #fff; color: var(--accent); border: 2px solid var(--accent); border-radius: 6px;",
    "  padding: 2px 8px; font-size: 13px; }",
    ".footer a { color: var(--accent); }",
    "@media (prefers-reduced-motion: reduce) { .root *, .root *::before, .root *::after {",
    "  animation: none !important; transition: none !important; scroll-behavior: auto !important; } }",
    "@media (forced-colors: active) { .msg, .panel, .launcher { border: 1px solid CanvasText; } .dots span { background: CanvasText; } }",
  ].join("\n");

  // -- small DOM helpers: text only, never HTML ---------------------------------------

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === false || value === null || value === undefined) return;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function svg(path) {
    var ns = "http://www.w3.org/2000/svg";
    var icon = document.createElementNS(ns, "svg");
    icon.setAttribute("viewBox", "0 0 24 24");
    icon.setAttribute("aria-hidden", "true");
    icon.setAttribute("focusable", "false");
    var shape = document.createElementNS(ns, "path");
    shape.setAttribute("d", path);
    icon.appendChild(shape);
    return icon;
  }

  function safeWebUrl(candidate) {
    try {
      var url = new URL(candidate);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function externalLink(href, label, className) {
    return el("a", { href: href, target: "_blank", rel: "noopener noreferrer", "class": className || null }, [
      label,
      el("span", { "class": "visually-hidden", text: TEXTS.newWindow }),
    ]);
  }

  var LINK_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;

  /* Text with its web addresses as links: text nodes and <a> built one by one. */
  function richText(text) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    text.replace(LINK_PATTERN, function (match, offset) {
      var trimmed = match.replace(/[.,;:!?)»\]]+$/, "");
      var href = safeWebUrl(/^www\./i.test(trimmed) ? "https://" + trimmed : trimmed);
      if (!href) return match;
      fragment.appendChild(document.createTextNode(text.slice(last, offset)));
      fragment.appendChild(externalLink(href, trimmed));
      last = offset + trimmed.length;
      return match;
    });
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  // -- storage: this tab, this site ---------------------------------------------------

  function loadState() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || "null");
      if (saved && Array.isArray(saved.transcript)) return saved;
    } catch (e) { /* storage blocked or damaged: start afresh */ }
    return { token: null, transcript: [], open: false };
  }

  var state = loadState();

  function saveState() {
    state.transcript = state.transcript.slice(-MAX_TRANSCRIPT_ENTRIES);
    try {
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch (e) { /* storage full or blocked: the conversation lasts as long as the page */ }
  }

  // -- the widget ---------------------------------------------------------------------

  var host = document.createElement("afpa-assistant");
  var shadow = host.attachShadow({ mode: "open" });
  if ("adoptedStyleSheets" in Document.prototype && "replaceSync" in CSSStyleSheet.prototype) {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    shadow.appendChild(el("style", { text: CSS })); // older browsers; inside the shadow root only
  }

  var launcher = el("button", {
    type: "button", "class": "launcher", "aria-label": TEXTS.open, "aria-expanded": "false", "aria-controls": "afpa-panel",
  }, [svg("M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z")]);
  var restartButton = el("button", { type: "button", "class": "restart", text: TEXTS.restart });
  var eraseButton = el("button", { type: "button", "class": "erase", text: TEXTS.erase });
  var closeButton = el("button", { type: "button", "class": "close", "aria-label": TEXTS.close }, ["×"]);
  var log = el("div", { "class": "log", role: "log", "aria-live": "polite", "aria-label": TEXTS.log, tabindex: "0" });
  var typing = el("div", { "class": "typing", role: "status", hidden: true }, [
    el("span", { "class": "dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
    el("span", { text: TEXTS.typing }),
  ]);
  var input = el("input", {
    id: "afpa-message", type: "text", maxlength: String(MAX_CHARACTERS), autocomplete: "off",
    placeholder: TEXTS.placeholder, "aria-describedby": "afpa-hint", enterkeyhint: "send",
  });
  var sendButton = el("button", { type: "submit", "class": "send", text: TEXTS.send });
  var hint = el("p", { id: "afpa-hint", "class": "hint", "aria-live": "polite" });
  var form = el("form", { "class": "composer", novalidate: true }, [
    el("label", { "for": "afpa-message", "class": "visually-hidden", text: TEXTS.fieldLabel }),
    input, sendButton, hint,
  ]);
  var panel = el("section", {
    id: "afpa-panel", "class": "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "afpa-title", hidden: true,
  }, [
    el("div", { "class": "header" }, [el("h2", { id: "afpa-title", text: TITLE }), closeButton]),
    log,
    typing,
    form,
    el("div", { "class": "footer" }, [
      el("p", { text: TEXTS.disclaimer }),
      el("div", { "class": "actions" }, [externalLink(PRIVACY_URL, TEXTS.privacy), eraseButton, restartButton]),
    ]),
  ]);
  shadow.appendChild(el("div", { "class": "root", lang: "fr" }, [launcher, panel]));

  var busy = false;
  // Bumped by "Nouvelle conversation": answers to the previous conversation are then dropped.
  var generation = 0;
  var blobUrls = [];

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function documentLink(entry) {
    try {
      var bytes = Uint8Array.from(atob(entry.content_base64), function (c) { return c.charCodeAt(0); });
      var url = URL.createObjectURL(new Blob([bytes], { type: entry.mime_type || "application/octet-stream" }));
      blobUrls.push(url);
      return el("a", { href: url, download: entry.filename || "document" }, [TEXTS.download(entry.filename || "document")]);
    } catch (e) {
      return null;
    }
  }

  /* One transcript entry as DOM. Entries: {from: "user"|"bot"|"note", type, text, buttons, …}. */
  function renderEntry(entry, isLatest) {
    var nodes = [];
    var who = entry.from === "user" ? TEXTS.you : entry.from === "note" ? TEXTS.note : TEXTS.assistant;
    var bubble = el("div", { "class": "msg " + (entry.from === "user" ? "user" : entry.from === "note" ? "note" : "bot") }, [
      el("span", { "class": "visually-hidden", text: who }),
    ]);
    if (entry.type === "document") {
      var link = documentLink(entry);
      if (entry.caption) bubble.appendChild(richText(entry.caption + (link ? "\n" : "")));
      if (link) bubble.appendChild(link);
      if (!link && !entry.caption) return nodes;
    } else if (entry.type === "link") {
      var href = safeWebUrl(entry.url);
      if (!href) return nodes;
      bubble.appendChild(externalLink(href, entry.text || href));
    } else if (entry.text) {
      // dir="auto": a message in Arabic (its first letter Arabic) reads right to left.
      bubble.appendChild(el("div", { dir: "auto" }, [richText(entry.text)]));
    }
    if (bubble.childNodes.length > 1) nodes.push(bubble);
    if (isLatest && Array.isArray(entry.buttons) && entry.buttons.length) {
      var group = el("div", { "class": "choices", role: "group", "aria-label": TEXTS.choices });
      entry.buttons.forEach(function (button) {
        if (!button || !button.title) return;
        if (button.button) {
          var choice = el("button", { type: "button", "class": "choice", text: button.title });
          choice.addEventListener("click", function () {
            input.focus(); // the buttons go once pressed: the focus must not get lost with them
            send({ button: button.button }, button.title);
          });
          group.appendChild(choice);
        } else if (safeWebUrl(button.url)) {
          group.appendChild(externalLink(safeWebUrl(button.url), button.title, "choice"));
        }
      });
      if (group.childNodes.length) nodes.push(group);
    }
    return nodes;
  }

  /* Buttons are offered on the assistant's latest turn only: once you answer, they go. */
  function latestBotIndex() {
    for (var i = state.transcript.length - 1; i >= 0; i--) {
      if (state.transcript[i].from === "user") return -1;
      if (state.transcript[i].buttons) return i;
    }
    return -1;
  }

  function renderTranscript() {
    blobUrls.forEach(function (url) { URL.revokeObjectURL(url); });
    blobUrls = [];
    log.replaceChildren();
    var latest = latestBotIndex();
    state.transcript.forEach(function (entry, index) {
      renderEntry(entry, index === latest).forEach(function (node) { log.appendChild(node); });
    });
    scrollToEnd();
  }

  function removeChoices() {
    Array.prototype.forEach.call(log.querySelectorAll(".choices"), function (group) { group.remove(); });
  }

  function append(entries) {
    removeChoices();
    entries.forEach(function (entry) { state.transcript.push(entry); });
    saveState();
    var latest = latestBotIndex();
    var start = state.transcript.length - entries.length;
    var first = null;
    entries.forEach(function (entry, offset) {
      renderEntry(entry, start + offset === latest).forEach(function (node) {
        log.appendChild(node);
        first = first || node;
      });
    });
    // A long answer is read from its beginning: show its top rather than its end.
    var top = first ? first.offsetTop - log.offsetTop - 8 : 0;
    if (first && log.scrollHeight - top > log.clientHeight) log.scrollTop = top;
    else scrollToEnd();
  }

  /* A problem shown in the conversation (not stored), with "Réessayer" when it may help. */
  function showProblem(text, retry) {
    var box = el("div", { "class": "msg error", role: "alert" }, [richText(text)]);
    if (retry) {
      var again = el("button", { type: "button", text: TEXTS.retry });
      again.addEventListener("click", function () {
        box.remove();
        retry();
      });
      box.appendChild(again);
    }
    log.appendChild(box);
    scrollToEnd();
    return box;
  }

  function clearProblems() {
    Array.prototype.forEach.call(log.querySelectorAll(".msg.error"), function (box) { box.remove(); });
  }

  function setBusy(value) {
    busy = value;
    typing.hidden = !value;
    sendButton.setAttribute("aria-disabled", value ? "true" : "false");
    if (value) scrollToEnd();
  }

  function postJson(url, body, token) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS) : null;
    var headers = { "Content-Type": "application/json" };
    if (token) headers.Authorization = "Bearer " + token;
    // credentials "same-origin": on a partner's site no cookie is ever sent; on the server's own
    // staff page (/staff, docs/web.md) the staff session cookie goes with it (Path=/staff).
    return fetch(url, {
      method: "POST", headers: headers, body: JSON.stringify(body), credentials: "same-origin", mode: "cors",
      cache: "no-store", signal: controller ? controller.signal : undefined,
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data || {} };
      });
    }).finally(function () {
      if (timer) clearTimeout(timer);
    });
  }

  function ensureToken() {
    if (state.token) return Promise.resolve(state.token);
    return postJson(API_CONVERSATIONS, {}).then(function (answer) {
      if (answer.status !== 201 || !answer.data.token) {
        var problem = new Error("conversation refused");
        problem.answer = answer;
        throw problem;
      }
      state.token = answer.data.token;
      saveState();
      return state.token;
    });
  }

  /* Sends {text} or {button}; `shown` is what appears as your message. `again`: the
     message is already shown (a retry); `renewed`: sent again in a new conversation. */
  function send(body, shown, again, renewed) {
    if (busy) return;
    clearProblems();
    if (!again) append([{ from: "user", type: "text", text: shown }]);
    setBusy(true);
    var mine = generation;
    var retry = function () { send(body, shown, true, renewed); };
    ensureToken()
      .then(function (token) { return postJson(API_MESSAGES, body, token); })
      .then(function (answer) {
        if (mine !== generation) return;
        setBusy(false);
        if (answer.status === 200 && Array.isArray(answer.data.messages)) {
          append(answer.data.messages.map(function (message) {
            var entry = { from: "bot" };
            Object.keys(message).forEach(function (key) { entry[key] = message[key]; });
            return entry;
          }));
        } else if (answer.status === 401 && !renewed) {
          // Expired or unknown conversation: a new one starts, and the message goes again (once).
          state.token = null;
          append([{ from: "note", type: "text", text: answer.data.message || TEXTS.restarted }]);
          send(body.button ? { text: shown } : body, shown, true, true);
        } else if (answer.status >= 500) {
          showProblem(answer.data.message || TEXTS.unavailable, retry);
        } else {
          showProblem(answer.data.message || TEXTS.rejected, answer.status === 429 ? retry : null);
        }
      })
      .catch(function (problem) {
        if (mine !== generation) return;
        setBusy(false);
        var answer = problem && problem.answer;
        if (answer && answer.status >= 400 && answer.status < 500 && answer.status !== 429) {
          showProblem(answer.data.message || TEXTS.rejected, null);
        } else {
          showProblem((answer && answer.data.message) || TEXTS.network, retry);
        }
      });
  }

  function updateHint() {
    var remaining = MAX_CHARACTERS - input.value.length;
    hint.textContent = input.value.length >= WARN_FROM_CHARACTERS ? TEXTS.remaining(remaining) : "";
  }

  function open(moveFocus) {
    if (!state.transcript.length) {
      state.transcript.push({ from: "bot", type: "text", text: TEXTS.welcome });
    }
    renderTranscript(); // while hidden: screen readers do not read the whole history aloud
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    saveState();
    scrollToEnd();
    if (moveFocus) input.focus();
  }

  function close() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    saveState();
    launcher.focus();
  }

  launcher.addEventListener("click", function () { open(true); });
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") {
      event.stopPropagation();
      close();
    }
  });
  restartButton.addEventListener("click", function () {
    generation += 1;
    setBusy(false);
    state = { token: null, transcript: [], open: true };
    saveState();
    renderTranscript();
    append([{ from: "note", type: "text", text: TEXTS.restarted }]);
    input.value = "";
    updateHint();
    input.focus();
  });
  eraseButton.addEventListener("click", function () {
    if (busy) return;
    send({ text: TEXTS.eraseRequest }, TEXTS.eraseRequest);
  });
  input.addEventListener("input", updateHint);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (busy || !text) return;
    input.value = "";
    updateHint();
    send({ text: text }, text);
  });

  function mount() {
    document.body.appendChild(host);
    if (state.open) open(false);
  }

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
