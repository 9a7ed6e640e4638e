/*
 * Health information assistant: web chat widget (plain JavaScript, no build step).
 *
 * Embed it in any page:
 *   <script src="http://HOST:5005/webhooks/webchat/widget.js" data-server="http://HOST:5005"></script>
 * Without data-server it talks to the origin it was loaded from. It loads widget.css and
 * socket.io.min.js from its own directory and connects to the server's Socket.IO (path /socket.io).
 * Optional attributes: data-open="true" (start with the panel open), data-title, data-socket-path.
 *
 * Protocol (bot.channels.socketio.SocketIOChannel, session persistence on): `session_request`
 * {session_id} on every connect, `user_uttered` {message, session_id}; each reply is one
 * `bot_uttered` {text, quick_replies: [{title, payload}], custom: {kind, ...}}.
 *
 * Every text from the user or the bot goes into the page through textContent: no HTML is parsed.
 */
(function () {
  "use strict";

  if (window.__healthWebChat) {
    return; // loaded twice on one page
  }
  window.__healthWebChat = true;

  var script = document.currentScript;
  var scriptUrl = new URL(script && script.src ? script.src : "widget.js", document.baseURI);
  var assetBase = new URL(".", scriptUrl).href;
  var server = ((script && script.getAttribute("data-server")) || scriptUrl.origin).replace(/\/+$/, "");
  var socketPath = (script && script.getAttribute("data-socket-path")) || "/socket.io";
  var title = (script && script.getAttribute("data-title")) || "Health information assistant";
  var startOpen = script && script.getAttribute("data-open") === "true";

  var KEY = "health-webchat:" + server + ":";
  var SESSION_KEY = KEY + "session";
  var HISTORY_KEY = KEY + "history";
  var OPEN_KEY = KEY + "open";
  var MAX_HISTORY = 200;
  var BULLET = /^•\s+/;
  var KIND = /^[a-z_]+$/;

  // ---- storage (any of it may be unavailable: private modes, blocked cookies) ----

  function load(storage, key) {
    try {
      return window[storage].getItem(key);
    } catch (e) {
      return null;
    }
  }

  function store(storage, key, value) {
    try {
      if (value === null) {
        window[storage].removeItem(key);
      } else {
        window[storage].setItem(key, value);
      }
    } catch (e) {
      /* the conversation simply is not kept */
    }
  }

  function newSessionId() {
    var bytes = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) {
      window.crypto.getRandomValues(bytes);
    } else {
      for (var i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function sessionId() {
    var id = load("localStorage", SESSION_KEY);
    if (!id || !/^[A-Za-z0-9_-]{8,100}$/.test(id)) {
      id = newSessionId();
      store("localStorage", SESSION_KEY, id);
    }
    return id;
  }

  function loadHistory() {
    try {
      var entries = JSON.parse(load("localStorage", HISTORY_KEY) || "[]");
      return Array.isArray(entries) ? entries : [];
    } catch (e) {
      return [];
    }
  }

  var history = loadHistory();

  function remember(entry) {
    history.push(entry);
    if (history.length > MAX_HISTORY) history = history.slice(-MAX_HISTORY);
    store("localStorage", HISTORY_KEY, JSON.stringify(history));
  }

  // ---- DOM helpers: text only ----

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeUrl(url) {
    try {
      var parsed = new URL(String(url));
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  // ---- the panel ----

  var root = el("div", "hw-root");
  root.id = "health-webchat";

  var launcher = el("button", "hw-launcher", "Chat: health information");
  launcher.type = "button";
  launcher.setAttribute("aria-controls", "hw-panel");

  var panel = el("section", "hw-panel");
  panel.id = "hw-panel";
  panel.setAttribute("aria-label", title);

  var header = el("header", "hw-header");
  var heading = el("div", "hw-heading-block");
  heading.appendChild(el("h2", "hw-title", title));
  var status = el("p", "hw-status", "Connecting…");
  status.setAttribute("role", "status");
  heading.appendChild(status);
  header.appendChild(heading);
  var restart = el("button", "hw-header-button hw-restart", "New chat");
  restart.type = "button";
  restart.title = "Start a new conversation and forget this one";
  var close = el("button", "hw-header-button hw-close", "×");
  close.type = "button";
  close.setAttribute("aria-label", "Close the chat");
  header.appendChild(restart);
  header.appendChild(close);

  var log = el("div", "hw-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-label", "Conversation");
  log.tabIndex = 0;

  var typing = el("p", "hw-typing", "The assistant is typing…");
  typing.hidden = true;

  var form = el("form", "hw-form");
  form.setAttribute("autocomplete", "off");
  var label = el("label", "hw-label", "Your question");
  label.htmlFor = "hw-input";
  var input = el("input", "hw-input");
  input.id = "hw-input";
  input.type = "text";
  input.name = "message";
  input.maxLength = 1000;
  input.placeholder = "e.g. What causes muscle atrophy?";
  input.setAttribute("enterkeyhint", "send");
  var send = el("button", "hw-send", "Send");
  send.type = "submit";
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);

  var footer = el("p", "hw-footer", "General information, not medical advice. In an emergency, call your local emergency number.");

  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(form);
  panel.appendChild(footer);
  root.appendChild(panel);
  root.appendChild(launcher);

  function setOpen(open) {
    panel.hidden = !open;
    launcher.hidden = open;
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    store("sessionStorage", OPEN_KEY, open ? "1" : "0");
  }

  // ---- rendering ----

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function renderUser(text) {
    var bubble = el("div", "hw-msg hw-user");
    bubble.appendChild(el("span", "hw-sr", "You: "));
    bubble.appendChild(el("p", null, text));
    log.appendChild(bubble);
    scrollToEnd();
  }

  // The URLs of the payload's sources, as the bot's text may spell them.
  function sourceUrls(sources) {
    var urls = [];
    sources.forEach(function (source) {
      var url = source && typeof source.url === "string" ? source.url.trim() : "";
      if (!url) return;
      urls.push(url);
      var href = safeUrl(url);
      if (href && href !== url) urls.push(href);
    });
    return urls;
  }

  // The payload's sources as links, under the widget's own label.
  function renderSources(sources) {
    var p = el("p", "hw-sources");
    p.appendChild(document.createTextNode(sources.length === 1 ? "Source: " : "Sources: "));
    sources.forEach(function (source, i) {
      if (i > 0) p.appendChild(document.createTextNode("; "));
      var name = (source && (source.title || source.url)) || "source";
      var href = source && safeUrl(source.url);
      if (href) {
        var a = el("a", null, name);
        a.href = href;
        a.rel = "noopener noreferrer";
        a.target = "_blank";
        p.appendChild(a);
      } else {
        p.appendChild(document.createTextNode(name));
      }
    });
    return p;
  }

  // Paragraphs (blank-line separated) become <p>; runs of "• " lines become <ul><li>.
  function renderBlock(container, block, className) {
    var list = null;
    var para = null;
    block.split("\n").forEach(function (line) {
      if (BULLET.test(line)) {
        para = null;
        if (!list) {
          list = el("ul");
          container.appendChild(list);
        }
        list.appendChild(el("li", null, line.replace(BULLET, "")));
      } else if (line.trim()) {
        list = null;
        if (para) {
          para.appendChild(el("br"));
          para.appendChild(document.createTextNode(line));
        } else {
          para = el("p", className, line);
          container.appendChild(para);
        }
      }
    });
  }

  function renderBot(event, live) {
    event = event && typeof event === "object" ? event : {};
    var custom = event.custom && typeof event.custom === "object" ? event.custom : {};
    var kind = typeof custom.kind === "string" && KIND.test(custom.kind) ? custom.kind : "message";
    var sources = Array.isArray(custom.sources) ? custom.sources : [];
    var notice = typeof custom.notice === "string" ? custom.notice.trim() : "";
    var text = typeof event.text === "string" ? event.text : "";
    if (!text.trim() && kind === "error") text = "Sorry, something went wrong. Please try again.";

    var bubble = el("div", "hw-msg hw-bot hw-kind-" + kind);
    if (kind === "emergency") {
      bubble.className += " hw-emergency";
      if (custom.category === "crisis") bubble.className += " hw-crisis";
      if (live) bubble.setAttribute("role", "alert");
    }
    bubble.appendChild(el("span", "hw-sr", kind === "emergency" ? "Urgent — assistant: " : "Assistant: "));

    // The text repeats the sources and the notice as plain paragraphs for clients without the
    // payload; they are found by the payload's URLs and notice (never by their wording) and shown
    // from the payload instead.
    var urls = sourceUrls(sources);
    var sourcesShown = false;
    var first = true;
    text.split(/\n[ \t]*\n/).forEach(function (block) {
      var trimmed = block.trim();
      if (!trimmed) return;
      if (notice && trimmed === notice) return; // shown below, as a notice
      if (urls.some(function (url) { return trimmed.indexOf(url) >= 0; })) {
        if (!sourcesShown) bubble.appendChild(renderSources(sources));
        sourcesShown = true;
        return;
      }
      renderBlock(bubble, block, first && kind === "answer" ? "hw-answer-title" : null);
      first = false;
    });
    if (sources.length && !sourcesShown) bubble.appendChild(renderSources(sources));
    if (notice) {
      var note = el("p", "hw-notice", notice);
      note.setAttribute("role", "note");
      bubble.appendChild(note);
    }

    var buttons = Array.isArray(event.quick_replies) ? event.quick_replies : [];
    if (buttons.length) {
      var row = el("div", "hw-buttons");
      buttons.forEach(function (b) {
        if (!b || typeof b.payload !== "string") return;
        var label = typeof b.title === "string" && b.title ? b.title : b.payload;
        var button = el("button", "hw-button", label);
        button.type = "button";
        button.addEventListener("click", function () {
          sendMessage(b.payload, label);
        });
        row.appendChild(button);
      });
      bubble.appendChild(row);
    }

    log.appendChild(bubble);
    // A long reply is shown from its start; a short one at the end of the log.
    if (live && bubble.offsetHeight > log.clientHeight) log.scrollTop = bubble.offsetTop - 8;
    else scrollToEnd();
  }

  function renderNote(text) {
    log.appendChild(el("p", "hw-system", text));
    scrollToEnd();
  }

  function restoreHistory() {
    history.forEach(function (entry) {
      if (!entry || typeof entry !== "object") return;
      if (entry.from === "user" && typeof entry.text === "string") renderUser(entry.text);
      else if (entry.from === "bot") renderBot(entry.event, false);
    });
  }

  // ---- Socket.IO ----

  var socket = null;
  var ready = false; // the server has confirmed our session on this connection
  var outbox = []; // messages typed before that
  var typingTimer = null;

  function setTyping(on) {
    typing.hidden = !on;
    if (typingTimer) clearTimeout(typingTimer);
    typingTimer = on ? setTimeout(function () { typing.hidden = true; }, 60000) : null;
    if (on) scrollToEnd();
  }

  function emitMessage(message) {
    socket.emit("user_uttered", { message: message, session_id: sessionId() });
  }

  function sendMessage(message, shown) {
    message = String(message);
    shown = String(shown === undefined ? message : shown);
    if (!message.trim()) return;
    renderUser(shown);
    remember({ from: "user", text: shown });
    setTyping(true);
    if (socket && ready) emitMessage(message);
    else outbox.push(message);
  }

  function connect(io) {
    socket = io(server, { path: socketPath });
    socket.on("connect", function () {
      ready = false;
      status.textContent = "Connecting…";
      socket.emit("session_request", { session_id: sessionId() });
    });
    socket.on("session_confirm", function (confirmed) {
      var id = typeof confirmed === "string" ? confirmed : confirmed && confirmed.session_id;
      if (id && id !== sessionId()) store("localStorage", SESSION_KEY, id);
      ready = true;
      status.textContent = "Online";
      while (outbox.length) emitMessage(outbox.shift());
    });
    socket.on("bot_uttered", function (event) {
      setTyping(false);
      remember({ from: "bot", event: event });
      renderBot(event, true);
    });
    socket.on("disconnect", function () {
      ready = false;
      status.textContent = "Disconnected — reconnecting…";
    });
    socket.on("connect_error", function () {
      ready = false;
      status.textContent = "Can't reach the assistant — retrying…";
    });
  }

  function loadSocketIo() {
    var previous = window.io;
    var tag = document.createElement("script");
    tag.src = assetBase + "socket.io.min.js";
    tag.async = true;
    tag.onload = function () {
      var io = window.io;
      if (previous !== undefined) window.io = previous; // leave the host page's own io alone
      if (typeof io !== "function") {
        status.textContent = "The chat client did not load.";
        return;
      }
      connect(io);
    };
    tag.onerror = function () {
      status.textContent = "The chat client could not be loaded from the server.";
    };
    document.head.appendChild(tag);
  }

  // ---- events ----

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var message = input.value;
    if (!message.trim()) return;
    input.value = "";
    sendMessage(message);
    input.focus();
  });
  launcher.addEventListener("click", function () {
    setOpen(true);
    input.focus();
  });
  close.addEventListener("click", function () {
    setOpen(false);
    launcher.focus();
  });
  restart.addEventListener("click", function () {
    history = [];
    store("localStorage", HISTORY_KEY, null);
    store("localStorage", SESSION_KEY, null);
    while (log.firstChild) log.removeChild(log.firstChild);
    outbox = [];
    setTyping(false);
    renderNote("New conversation started.");
    if (socket && socket.connected) {
      ready = false;
      socket.emit("session_request", { session_id: sessionId() });
    }
    input.focus();
  });

  function start() {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = assetBase + "widget.css";
    document.head.appendChild(css);

    restoreHistory();
    if (!history.length) {
      renderNote("Ask about a health condition — for example “What causes muscle atrophy?” or “How is a stroke treated?”");
    }
    var remembered = load("sessionStorage", OPEN_KEY);
    setOpen(remembered === null ? startOpen : remembered === "1");
    document.body.appendChild(root);
    scrollToEnd();
    loadSocketIo();
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
