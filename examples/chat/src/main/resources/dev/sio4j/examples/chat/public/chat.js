// The chat page. Plain browser JS, no build step. Everything a peer sends is shown with
// textContent, so a message that looks like HTML stays text and runs nothing.
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const MAX_ITEMS = 200; // keep the DOM bounded on a long-running page

  // One Manager (one connection) shared by "/" and "/chat", as io() does for the same origin.
  const socket = io();
  const chat = io("/chat");

  const status = $("status");
  let reconnectedAfter = 0;

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

  // ---- connection status (main namespace) ----
  socket.on("connect", () => {
    status.dataset.socketId = socket.id;
    setStatus(status, "connected", reconnectedAfter > 0
      ? "Reconnected after " + reconnectedAfter + " attempt" + (reconnectedAfter === 1 ? "" : "s") + " · connected as " + socket.id
      : "Connected as " + socket.id);
    subscribeToUsers();
    rejoinRooms();
  });
  socket.on("disconnect", (reason) => {
    delete status.dataset.socketId;
    setStatus(status, "disconnected", "Disconnected (" + reason + ")");
    clearUsers();
    // A server-side disconnect turns automatic reconnection off; the chat wants to come back anyway.
    if (reason === "io server disconnect") socket.connect();
  });
  socket.on("connect_error", (err) => {
    if (!socket.active) setStatus(status, "disconnected", "Connection refused: " + err.message);
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
  socket.on("message", (data) => append($("messages"), "broadcast", null, describe(data)));
  onSubmit("messageForm", "messageInput", (text) => { socket.emit("message", text); });

  // ---- online users (opt-in presence) ----
  const users = new Set();

  function clearUsers() {
    users.clear();
    selectRecipient(null); // ids do not survive a reconnection
  }

  function subscribeToUsers() {
    socket.timeout(10000).emit("users:subscribe", (err, ids) => {
      if (err || !Array.isArray(ids)) return;
      users.clear();
      ids.forEach((id) => users.add(String(id)));
      renderUsers();
    });
  }

  socket.on("users:joined", (u) => { if (u && u.id) { users.add(String(u.id)); renderUsers(); } });
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
    [...users].sort((a, b) => (a === socket.id ? -1 : b === socket.id ? 1 : a.localeCompare(b))).forEach((id) => {
      const li = document.createElement("li");
      li.dataset.id = id;
      if (id === recipient) li.className = "selected";
      const name = document.createElement("span");
      name.className = "user-id";
      name.textContent = id;
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
    $("recipient").textContent = id === null ? "pick someone above" : id;
    $("privateInput").disabled = id === null;
    $("privateSendBtn").disabled = id === null;
    renderUsers();
    if (id !== null) $("privateInput").focus();
  }

  socket.on("privateMessage", (m) => {
    if (!m) return;
    append($("messages"), "private", "private from " + shortId(m.sender), describe(m.message));
  });
  onSubmit("privateForm", "privateInput", (text) => {
    if (recipient === null) return false;
    socket.emit("privateMessage", { recipientId: recipient, message: text });
    append($("messages"), "private own", "private to " + shortId(recipient), text);
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
    append($("roomMessages"), "room", shortId(m.sender), describe(m.message));
  });

  // ---- namespace /chat ----
  const chatStatus = $("chatStatus");
  chat.on("connect", () => setStatus(chatStatus, "connected", "connected"));
  chat.on("disconnect", (reason) => {
    setStatus(chatStatus, "disconnected", "disconnected");
    if (reason === "io server disconnect") chat.connect();
  });
  chat.on("message", (data) => append($("chatMessages"), "broadcast", null, describe(data)));
  onSubmit("chatForm", "chatInput", (text) => { chat.emit("message", text); });
})();
