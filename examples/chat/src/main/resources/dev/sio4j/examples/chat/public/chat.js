// The chat page. Plain browser JS, no build step. Everything a peer sends is shown with
// textContent, so a message that looks like HTML stays text and runs nothing.
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const MAX_ITEMS = 200; // keep the DOM bounded on a long-running page

  // A chat started with --jwt-secret or --jwks-url wants a token: the user pastes it once, it is
  // kept for this tab (sessionStorage, gone when the tab closes) and sent as auth: {token} on
  // every connection and reconnection. Without a token nothing extra goes on the wire.
  const TOKEN_KEY = "sio4j-chat-token";
  function storedToken() {
    try { return sessionStorage.getItem(TOKEN_KEY) || ""; } catch (e) { return ""; }
  }
  const auth = (cb) => { const token = storedToken(); cb(token ? { token: token } : undefined); };

  // One Manager (one connection) shared by "/" and "/chat", as io() does for the same origin.
  const socket = io({ auth: auth });
  const chat = io("/chat", { auth: auth });

  const status = $("status");
  let reconnectedAfter = 0;
  // With a token the server says who we are ("session") and names every sender; until then
  // (and on a chat without tokens) senders are socket ids and message objects are shown as JSON.
  let named = false;
  let myName = null;

  function setStatus(el, state, text) {
    el.dataset.state = state;
    el.textContent = text;
  }

  // Binary payloads are described, not decoded; anything else that is not a string is shown as JSON.
  function describe(data) {
    if (typeof data === "string") return data;
    if (data instanceof ArrayBuffer) return "[binary, " + data.byteLength + " bytes]";
    if (ArrayBuffer.isView(data)) return "[binary, " + data.byteLength + " bytes]";
    if (typeof Blob !== "undefined" && data instanceof Blob) return "[binary, " + data.size + " bytes]";
    try {
      return JSON.stringify(data, (k, v) =>
        v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? "[binary, " + v.byteLength + " bytes]" : v);
    } catch (e) {
      return String(data);
    }
  }

  function shortId(id) {
    return typeof id === "string" && id.length > 8 ? id.slice(0, 8) + "…" : String(id);
  }

  // Who sent a message the server built ({sender, name?}): the name when there is one.
  function senderOf(m) {
    return typeof m.name === "string" && m.name !== "" ? m.name : shortId(m.sender);
  }

  // A "message" of / or /chat: {sender, name, message} once named, the bare message otherwise.
  function showMessage(list, data) {
    if (named && data && typeof data === "object" && typeof data.name === "string" && "sender" in data) {
      append(list, "broadcast", data.name, describe(data.message));
    } else {
      append(list, "broadcast", null, describe(data));
    }
  }

  function append(list, kind, meta, text) {
    const li = document.createElement("li");
    li.className = "msg " + kind;
    if (meta) {
      const m = document.createElement("span");
      m.className = "meta";
      m.textContent = meta;
      li.appendChild(m);
    }
    const t = document.createElement("span");
    t.className = "text";
    t.textContent = text;
    li.appendChild(t);
    list.appendChild(li);
    while (list.children.length > MAX_ITEMS) list.removeChild(list.firstChild);
    list.scrollTop = list.scrollHeight;
    return li;
  }

  function onSubmit(formId, inputId, send) {
    $(formId).addEventListener("submit", (ev) => {
      ev.preventDefault();
      const input = $(inputId);
      const text = input.value;
      if (text.trim() === "") return;
      if (send(text) !== false) input.value = "";
      input.focus();
    });
  }

  // ---- sign-in (only when the server asks for a token) ----
  const tokenForm = $("tokenForm");
  const REFUSALS = {
    missing_token: "This chat needs a token to sign in.",
    invalid_token: "That token was not accepted.",
    token_expired: "Your token has expired: paste a new one.",
  };

  // True when err is the JWT middleware's refusal; then the form asks for a (new) token.
  function askForTokenIf(err) {
    if (!err || err.message !== "unauthorized") return false;
    const reason = err.data && typeof err.data.reason === "string" ? err.data.reason : "";
    tokenForm.dataset.reason = reason;
    $("tokenError").textContent = REFUSALS[reason] || "Sign-in refused.";
    tokenForm.hidden = false;
    $("tokenInput").focus();
    return true;
  }

  tokenForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const token = $("tokenInput").value.trim();
    if (token === "") return;
    try { sessionStorage.setItem(TOKEN_KEY, token); } catch (e) { /* private mode: this page only */ }
    $("tokenInput").value = "";
    tokenForm.hidden = true;
    setStatus(status, "connecting", "Signing in…");
    // A refused socket stays off until told; the connection itself is still open.
    if (!socket.connected) socket.connect();
    if (!chat.connected) chat.connect();
  });

  // ---- connection status (main namespace) ----
  function connectedText(who) {
    return reconnectedAfter > 0
      ? "Reconnected after " + reconnectedAfter + " attempt" + (reconnectedAfter === 1 ? "" : "s") + " · connected as " + who
      : "Connected as " + who;
  }

  socket.on("connect", () => {
    status.dataset.socketId = socket.id;
    setStatus(status, "connected", connectedText(named && myName ? myName : socket.id));
    subscribeToUsers();
    rejoinRooms();
  });
  socket.on("session", (s) => {
    if (!s || typeof s.name !== "string") return;
    named = true;
    myName = s.name;
    status.dataset.name = s.name;
    setStatus(status, "connected", connectedText(s.name));
    renderUsers();
  });
  socket.on("disconnect", (reason) => {
    delete status.dataset.socketId;
    setStatus(status, "disconnected", "Disconnected (" + reason + ")");
    clearUsers();
    // A server-side disconnect turns automatic reconnection off; the chat wants to come back anyway.
    if (reason === "io server disconnect") socket.connect();
  });
  socket.on("connect_error", (err) => {
    if (askForTokenIf(err)) setStatus(status, "disconnected", "Sign-in needed");
    else if (!socket.active) setStatus(status, "disconnected", "Connection refused: " + err.message);
  });
  socket.io.on("reconnect_attempt", (attempt) => {
    setStatus(status, "reconnecting", "Reconnecting, attempt " + attempt + "…");
  });
  socket.io.on("reconnect", (attempts) => {
    reconnectedAfter = attempts;
  });
  socket.io.on("reconnect_failed", () => {
    setStatus(status, "disconnected", "Disconnected: gave up reconnecting");
  });

  // ---- everyone ----
  socket.on("message", (data) => showMessage($("messages"), data));
  onSubmit("messageForm", "messageInput", (text) => { socket.emit("message", text); });

  // ---- online users (opt-in presence) ----
  const users = new Map(); // id -> name (null on a chat without names)

  function label(id) {
    return users.get(id) || id;
  }

  function addUser(u) {
    if (typeof u === "string") users.set(u, null);
    else if (u && typeof u.id === "string") users.set(u.id, typeof u.name === "string" ? u.name : null);
  }

  function clearUsers() {
    users.clear();
    selectRecipient(null); // ids do not survive a reconnection
  }

  function subscribeToUsers() {
    socket.timeout(10000).emit("users:subscribe", (err, ids) => {
      if (err || !Array.isArray(ids)) return;
      users.clear();
      ids.forEach(addUser);
      renderUsers();
    });
  }

  socket.on("users:joined", (u) => { if (u && u.id) { addUser(u); renderUsers(); } });
  socket.on("users:left", (u) => {
    if (!u || !u.id) return;
    users.delete(String(u.id));
    if (recipient === String(u.id)) selectRecipient(null);
    renderUsers();
  });

  let recipient = null;

  function renderUsers() {
    const ul = $("users");
    ul.replaceChildren();
    [...users.keys()].sort((a, b) => (a === socket.id ? -1 : b === socket.id ? 1 : label(a).localeCompare(label(b)))).forEach((id) => {
      const li = document.createElement("li");
      li.dataset.id = id;
      if (id === recipient) li.className = "selected";
      const name = document.createElement("span");
      name.className = "user-id";
      name.textContent = label(id);
      if (users.get(id)) name.title = id;
      li.appendChild(name);
      if (id === socket.id) {
        const you = document.createElement("span");
        you.className = "you";
        you.textContent = "you";
        li.appendChild(you);
      } else {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "pm";
        b.textContent = "Message";
        b.addEventListener("click", () => selectRecipient(id));
        li.appendChild(b);
      }
      ul.appendChild(li);
    });
    $("userCount").textContent = String(users.size);
  }

  function selectRecipient(id) {
    recipient = id;
    $("recipient").textContent = id === null ? "pick someone above" : label(id);
    $("privateInput").disabled = id === null;
    $("privateSendBtn").disabled = id === null;
    renderUsers();
    if (id !== null) $("privateInput").focus();
  }

  socket.on("privateMessage", (m) => {
    if (!m) return;
    append($("messages"), "private", "private from " + senderOf(m), describe(m.message));
  });
  onSubmit("privateForm", "privateInput", (text) => {
    if (recipient === null) return false;
    socket.emit("privateMessage", { recipientId: recipient, message: text });
    append($("messages"), "private own", "private to " + (users.get(recipient) || shortId(recipient)), text);
  });

  // ---- rooms ----
  const rooms = new Set();

  function rejoinRooms() {
    rooms.forEach((room) => socket.emit("joinRoom", room));
  }

  onSubmit("joinForm", "roomInput", (text) => {
    const room = text.trim();
    socket.emit("joinRoom", room);
    if (!rooms.has(room)) {
      rooms.add(room);
      const opt = document.createElement("option");
      opt.value = room;
      opt.textContent = room;
      $("roomSelect").appendChild(opt);
    }
    $("roomSelect").value = room;
    ["roomSelect", "roomMessageInput", "roomSendBtn"].forEach((id) => { $(id).disabled = false; });
  });
  onSubmit("roomForm", "roomMessageInput", (text) => {
    const room = $("roomSelect").value;
    if (!room) return false;
    socket.emit("roomMessage", { room: room, message: text });
  });
  socket.on("roomMessage", (m) => {
    if (!m) return;
    append($("roomMessages"), "room", senderOf(m), describe(m.message));
  });

  // ---- namespace /chat ----
  const chatStatus = $("chatStatus");
  chat.on("connect", () => setStatus(chatStatus, "connected", "connected"));
  chat.on("disconnect", (reason) => {
    setStatus(chatStatus, "disconnected", "disconnected");
    if (reason === "io server disconnect") chat.connect();
  });
  chat.on("connect_error", (err) => {
    if (askForTokenIf(err)) setStatus(chatStatus, "disconnected", "sign-in needed");
  });
  chat.on("message", (data) => showMessage($("chatMessages"), data));
  onSubmit("chatForm", "chatInput", (text) => { chat.emit("message", text); });
})();
