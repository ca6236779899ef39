// Browser end-to-end test of the chat page in headless Chromium (Debian's /usr/bin/chromium),
// driven by playwright-core. Usage:
//   node browser.mjs <baseUrl> <screenshotDir> [<docsImage>]
// Prints {"type":"check",...} lines like seed.mjs. For the restart check it prints
// {"type":"stop-server"} and waits for the line "stopped" on stdin, then {"type":"start-server"}
// and waits for "started": the test that runs this script owns the server.
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { bound, emitLine, runChecks, assert, nextStdinLine } from "./clients.mjs";

bound(150_000);
const [baseUrl, shotDir, docsImage] = process.argv.slice(2);
mkdirSync(shotDir, { recursive: true });
const STEP = 20_000; // every wait on the browser is bounded by this
const tag = Math.random().toString(36).slice(2, 8);

async function command(type, expected) {
  emitLine({ type });
  const line = await nextStdinLine();
  assert(line === expected, "expected '" + expected + "' on stdin, got '" + line + "'");
}

const userDataDir = mkdtempSync(join(tmpdir(), "sio4j-chat-e2e-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1100, height: 760 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

const dialogs = [];
const pageErrors = [];
async function openPage(name) {
  const page = await context.newPage();
  page.on("dialog", (d) => { dialogs.push({ page: name, message: d.message() }); d.dismiss().catch(() => {}); });
  page.on("pageerror", (e) => pageErrors.push({ page: name, message: String(e) }));
  await page.goto(baseUrl + "/", { timeout: STEP });
  return { name, page };
}

async function waitConnected(p, textPart = "") {
  await p.page.waitForFunction((part) => {
    const s = document.getElementById("status");
    return s.dataset.state === "connected" && s.textContent.includes(part);
  }, textPart, { timeout: STEP });
  return p.page.$eval("#status", (s) => s.dataset.socketId);
}

async function send(p, inputSel, buttonSel, text) {
  await p.page.fill(inputSel, text);
  await p.page.click(buttonSel);
}

// Waits until an item of the list shows exactly this text (textContent of its .text span).
function waitItem(p, listSel, text) {
  return p.page.waitForFunction(([sel, t]) =>
    [...document.querySelectorAll(sel + " li .text")].some((el) => el.textContent === t), [listSel, text], { timeout: STEP });
}
function hasItem(p, listSel, text) {
  return p.page.$$eval(listSel + " li .text", (els, t) => els.some((el) => el.textContent === t), text);
}

let A, B, C;
const ids = {};
let barriers = 0;
// A broadcasts a marker; once every page shows it, anything sent to them before it has arrived.
async function barrier(pages = [A, B, C]) {
  const marker = "barrier " + tag + " " + ++barriers;
  await send(A, "#messageInput", "#sendBtn", marker);
  for (const p of pages) await waitItem(p, "#messages", marker);
}
async function shot(name, pages = [A, B, C]) {
  for (const p of pages.filter(Boolean)) await p.page.screenshot({ path: join(shotDir, name + "-" + p.name + ".png") });
}

const failures = await runChecks([
  ["connect", async () => {
    A = await openPage("A");
    B = await openPage("B");
    C = await openPage("C");
    for (const p of [A, B, C]) ids[p.name] = await waitConnected(p, "Connected as ");
    const statusText = await A.page.textContent("#status");
    assert(statusText.includes(ids.A), "status does not show the id: " + statusText);
    for (const p of [A, B, C]) {
      await p.page.waitForFunction(() => document.getElementById("chatStatus").dataset.state === "connected", null, { timeout: STEP });
    }
    return { ids, statusText };
  }],
  ["online users lists every page", async () => {
    for (const p of [A, B, C]) {
      await p.page.waitForFunction((all) => all.every((id) =>
        document.querySelector('#users li[data-id="' + id + '"]')), Object.values(ids), { timeout: STEP });
    }
    return { count: await A.page.textContent("#userCount") };
  }],
  ["broadcast reaches both pages", async () => {
    const text = "Hello from A " + tag;
    await send(A, "#messageInput", "#sendBtn", text);
    await waitItem(A, "#messages", text);
    await waitItem(B, "#messages", text);
    const reply = "Hi A, B here " + tag;
    await send(B, "#messageInput", "#sendBtn", reply);
    await waitItem(A, "#messages", reply);
    await waitItem(B, "#messages", reply);
    assert(await A.page.inputValue("#messageInput") === "", "input not cleared after send");
    await shot("broadcast");
    return null;
  }],
  ["private message reaches only its recipient", async () => {
    await A.page.click('#users li[data-id="' + ids.B + '"] button.pm');
    const text = "just for B " + tag;
    await send(A, "#privateInput", "#privateSendBtn", text);
    await waitItem(B, "#messages", text);
    const meta = await B.page.$$eval("#messages li.private .meta", (els) => els.map((e) => e.textContent));
    assert(meta.some((m) => m.includes(ids.A.slice(0, 8))), "sender not shown: " + meta);
    await barrier();
    assert(!(await hasItem(C, "#messages", text)), "C got B's private message");
    await shot("private");
    return null;
  }],
  ["room message reaches only members", async () => {
    const room = "devs-" + tag;
    for (const p of [A, B]) await send(p, "#roomInput", "#joinRoomBtn", room);
    await barrier(); // A's and B's joinRoom were handled before their markers
    await send(B, "#messageInput", "#sendBtn", "B joined " + tag);
    await waitItem(A, "#messages", "B joined " + tag);
    const text = "room only " + tag;
    await send(A, "#roomMessageInput", "#roomSendBtn", text);
    await waitItem(A, "#roomMessages", text);
    await waitItem(B, "#roomMessages", text);
    await barrier();
    assert(!(await hasItem(C, "#roomMessages", text)), "C, not a member, got the room message");
    await shot("room");
    return null;
  }],
  ["/chat is isolated from /", async () => {
    const text = "in /chat " + tag;
    await send(C, "#chatInput", "#chatSendBtn", text);
    for (const p of [A, B, C]) await waitItem(p, "#chatMessages", text);
    await barrier();
    for (const p of [A, B, C]) {
      assert(!(await hasItem(p, "#messages", text)), "/chat message shown in / on " + p.name);
      const chatTexts = await p.page.$$eval("#chatMessages li .text", (els) => els.map((e) => e.textContent));
      assert(!chatTexts.some((t) => t.startsWith("barrier ") || t.startsWith("Hello from A")), "/ message shown in /chat on " + p.name);
    }
    return null;
  }],
  ["HTML in a message is shown as text and runs nothing", async () => {
    const evil = "<img src=x onerror=alert(1)>";
    await send(A, "#messageInput", "#sendBtn", evil);
    for (const p of [A, B]) await waitItem(p, "#messages", evil);
    await send(A, "#chatInput", "#chatSendBtn", evil);
    await waitItem(B, "#chatMessages", evil);
    await barrier();
    for (const p of [A, B, C]) {
      const imgs = await p.page.$$eval("#messages img, #chatMessages img, #roomMessages img", (els) => els.length);
      assert(imgs === 0, "an <img> element was created on " + p.name);
    }
    assert(dialogs.length === 0, "a dialog ran: " + JSON.stringify(dialogs));
    await shot("xss");
    return null;
  }],
  ["after a server restart both pages reconnect and can send again", async () => {
    await command("stop-server", "stopped");
    const seen = {};
    for (const p of [A, B]) {
      await p.page.waitForFunction(() => {
        const s = document.getElementById("status");
        return s.dataset.state === "reconnecting" && /^Reconnecting, attempt \d+/.test(s.textContent);
      }, null, { timeout: STEP });
      seen[p.name] = await p.page.textContent("#status");
    }
    await shot("reconnecting", [A, B]);
    await command("start-server", "started");
    for (const p of [A, B]) ids[p.name] = await waitConnected(p, "Reconnected after ");
    seen.after = await A.page.textContent("#status");
    const text = "back again " + tag;
    await send(A, "#messageInput", "#sendBtn", text);
    await waitItem(A, "#messages", text);
    await waitItem(B, "#messages", text);
    const reply = "me too " + tag;
    await send(B, "#messageInput", "#sendBtn", reply);
    await waitItem(A, "#messages", reply);
    await shot("reconnected", [A, B]);
    return seen;
  }],
  ["phone-sized screen: one column, nothing wider than the screen", async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(baseUrl + "/", { timeout: STEP });
    await waitConnected({ page: phone }, "Connected as ");
    const text = "from a phone " + tag;
    await send({ page: phone }, "#messageInput", "#sendBtn", text);
    await waitItem(A, "#messages", text);
    const widths = await phone.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    assert(widths.scroll <= widths.inner, "horizontal overflow on a phone: " + JSON.stringify(widths));
    await phone.screenshot({ path: join(shotDir, "phone.png"), fullPage: true });
    await phone.close();
    return widths;
  }],
  ["no script errors on the pages", async () => {
    assert(pageErrors.length === 0, "page errors: " + JSON.stringify(pageErrors));
    return null;
  }],
]);

// Two pages side by side in one picture, composed by the browser itself (no image library):
// two fresh pages hold a short conversation so the picture shows the chat, not the test's markers.
async function twoChattingPages() {
  for (const p of [A, B, C]) await p.page.close();
  const alice = await openPage("alice");
  const bob = await openPage("bob");
  const aliceId = await waitConnected(alice, "Connected as ");
  const bobId = await waitConnected(bob, "Connected as ");
  await alice.page.waitForSelector('#users li[data-id="' + bobId + '"]', { timeout: STEP });
  await bob.page.waitForSelector('#users li[data-id="' + aliceId + '"]', { timeout: STEP });
  const lines = [[alice, "Hi! This page is served by a Java server (sio4j)."], [bob, "And the client is the official socket.io-client 4.8."],
    [alice, "Try the rooms and the private messages on the right."]];
  for (const [p, text] of lines) {
    await send(p, "#messageInput", "#sendBtn", text);
    await waitItem(alice, "#messages", text);
    await waitItem(bob, "#messages", text);
  }
  await bob.page.click('#users li[data-id="' + aliceId + '"] button.pm');
  await send(bob, "#privateInput", "#privateSendBtn", "psst, this one is only for you");
  await waitItem(alice, "#messages", "psst, this one is only for you");
  for (const p of [alice, bob]) await send(p, "#roomInput", "#joinRoomBtn", "java");
  await send(bob, "#messageInput", "#sendBtn", "joined #java");
  await waitItem(alice, "#messages", "joined #java");
  await send(alice, "#roomMessageInput", "#roomSendBtn", "Hello, room java");
  await waitItem(bob, "#roomMessages", "Hello, room java");
  await send(bob, "#chatInput", "#chatSendBtn", "and this is the /chat namespace");
  await waitItem(alice, "#chatMessages", "and this is the /chat namespace");
  await alice.page.fill("#messageInput", "");
  return [alice, bob];
}

if (docsImage && failures === 0) {
  try {
    const [alice, bob] = await twoChattingPages();
    const [a, b] = await Promise.all([alice.page.screenshot(), bob.page.screenshot()]);
    const board = await context.newPage();
    await board.setViewportSize({ width: 2 * 1100 + 48, height: 760 + 32 });
    await board.setContent('<body style="margin:0;padding:16px;background:#cfd6e4;display:flex;gap:16px">'
      + '<img id="a" style="width:1100px;border-radius:8px"><img id="b" style="width:1100px;border-radius:8px"></body>');
    await board.$eval("#a", (el, src) => { el.src = src; }, "data:image/png;base64," + a.toString("base64"));
    await board.$eval("#b", (el, src) => { el.src = src; }, "data:image/png;base64," + b.toString("base64"));
    await board.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0), null, { timeout: STEP });
    mkdirSync(dirname(docsImage), { recursive: true });
    await board.screenshot({ path: docsImage });
    await board.screenshot({ path: join(shotDir, "two-pages.png") });
    emitLine({ type: "image", path: docsImage });
  } catch (e) {
    emitLine({ type: "image-failed", message: String(e) });
  }
}

if (failures > 0) {
  await shot("failure").catch(() => {});
}
await context.close();
rmSync(userDataDir, { recursive: true, force: true });
emitLine({ type: "exit", failures });
process.exit(failures === 0 ? 0 : 1);
