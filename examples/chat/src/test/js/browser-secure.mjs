// Browser end-to-end test of the chat's security flags in headless Chromium (Debian's
// /usr/bin/chromium), driven by playwright-core. Usage:
//   node browser-secure.mjs <jwtUrl> <limitsUrl> <screenshotDir> <aliceToken> <bobToken> <forgedToken>
// <jwtUrl> is a chat over https (a self-signed certificate) started with an HS256 secret and no
// clock skew; <limitsUrl> a chat started with --max-connections-per-ip 2 --max-events-per-second 5.
// For the expiry check it prints {"type":"short-token"} and reads a token that expires a few
// seconds later from stdin, so that its lifetime starts when it is used. Prints
// {"type":"check",...} lines like browser.mjs.
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bound, emitLine, runChecks, assert, nextStdinLine } from "./clients.mjs";

bound(170_000);
const [jwtUrl, limitsUrl, shotDir, aliceToken, bobToken, forgedToken] = process.argv.slice(2);
mkdirSync(shotDir, { recursive: true });
const STEP = 20_000; // every wait on the browser is bounded by this
const tag = Math.random().toString(36).slice(2, 8);


const userDataDir = mkdtempSync(join(tmpdir(), "sio4j-chat-secure-e2e-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  ignoreHTTPSErrors: true, // the test's self-signed certificate
  viewport: { width: 1100, height: 760 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

const pageErrors = [];
async function openPage(name, baseUrl) {
  const page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push({ page: name, message: String(e) }));
  await page.goto(baseUrl + "/", { timeout: STEP });
  return { name, page };
}

function waitStatus(p, state, textPart = "") {
  return p.page.waitForFunction(([st, part]) => {
    const s = document.getElementById("status");
    return s.dataset.state === st && s.textContent.includes(part);
  }, [state, textPart], { timeout: STEP });
}

// Waits until the sign-in form is shown for this refusal reason.
async function waitAsked(p, reason) {
  await p.page.waitForFunction((r) => {
    const f = document.getElementById("tokenForm");
    return !f.hidden && f.dataset.reason === r;
  }, reason, { timeout: STEP });
  return p.page.textContent("#tokenError");
}

async function signIn(p, token) {
  await p.page.fill("#tokenInput", token);
  await p.page.click("#tokenBtn");
}

async function send(p, inputSel, buttonSel, text) {
  await p.page.fill(inputSel, text);
  await p.page.click(buttonSel);
}

// Waits until an item of the list shows this text, and returns its .meta text ("" when none).
async function waitItem(p, listSel, text) {
  try {
    return await waitItemOrThrow(p, listSel, text);
  } catch (e) {
    const state = await p.page.evaluate((sel) => ({
      status: document.getElementById("status").textContent,
      chat: document.getElementById("chatStatus").dataset.state,
      items: [...document.querySelectorAll(sel + " li")].slice(-5).map((li) => li.textContent),
    }), listSel).catch((x) => String(x));
    throw new Error("'" + text + "' not in " + listSel + " of " + p.name + ": " + JSON.stringify(state) + "\n" + e.message);
  }
}

async function waitItemOrThrow(p, listSel, text) {
  const handle = await p.page.waitForFunction(([sel, t]) => {
    const li = [...document.querySelectorAll(sel + " li")].find((el) => el.querySelector(".text").textContent === t);
    if (!li) return null;
    const meta = li.querySelector(".meta");
    return { meta: meta ? meta.textContent : "" }; // an object: "" would read as "not yet"
  }, [listSel, text], { timeout: STEP });
  return (await handle.jsonValue()).meta;
}

function countItems(p, listSel, prefix) {
  return p.page.$$eval(listSel + " li .text", (els, pre) => els.filter((el) => el.textContent.startsWith(pre)).length, prefix);
}

async function shot(name, pages) {
  for (const p of pages) await p.page.screenshot({ path: join(shotDir, name + "-" + p.name + ".png") });
}

let alice, bob, carol, L1, L2, L3;
const failures = await runChecks([
  ["a page without a token is asked for one", async () => {
    alice = await openPage("alice", jwtUrl);
    const text = await waitAsked(alice, "missing_token");
    await waitStatus(alice, "disconnected", "Sign-in needed");
    const chatState = await alice.page.$eval("#chatStatus", (s) => s.dataset.state);
    assert(chatState !== "connected", "/chat connected without a token");
    await shot("signin", [alice]);
    return { text };
  }],
  ["a token the chat did not sign is refused", async () => {
    await signIn(alice, forgedToken);
    const text = await waitAsked(alice, "invalid_token");
    return { text };
  }],
  ["a valid token signs in and the page shows the user's name", async () => {
    await signIn(alice, aliceToken);
    await waitStatus(alice, "connected", "Connected as Alice");
    assert(await alice.page.$eval("#tokenForm", (f) => f.hidden), "the form is still shown");
    await alice.page.waitForFunction(() => document.getElementById("chatStatus").dataset.state === "connected", null, { timeout: STEP });
    bob = await openPage("bob", jwtUrl);
    await waitAsked(bob, "missing_token");
    await signIn(bob, bobToken);
    await waitStatus(bob, "connected", "Connected as Bob");
    await bob.page.waitForFunction(() => document.getElementById("chatStatus").dataset.state === "connected", null, { timeout: STEP });
    return { status: await alice.page.textContent("#status") };
  }],
  ["messages, the user list and private messages show names", async () => {
    await alice.page.waitForFunction(() => [...document.querySelectorAll("#users .user-id")]
      .some((el) => el.textContent === "Bob"), null, { timeout: STEP });
    const list = await alice.page.$$eval("#users .user-id", (els) => els.map((e) => e.textContent));
    assert(list.includes("Alice"), "the user list does not name Alice: " + list);

    const hello = "hello from Bob " + tag;
    await send(bob, "#messageInput", "#sendBtn", hello);
    const meta = await waitItem(alice, "#messages", hello);
    assert(meta === "Bob", "broadcast sender shown as '" + meta + "'");

    const bobId = await bob.page.$eval("#status", (s) => s.dataset.socketId);
    await alice.page.click('#users li[data-id="' + bobId + '"] button.pm');
    assert((await alice.page.textContent("#recipient")) === "Bob", "recipient not named");
    const psst = "just for Bob " + tag;
    await send(alice, "#privateInput", "#privateSendBtn", psst);
    const pm = await waitItem(bob, "#messages", psst);
    assert(pm === "private from Alice", "private sender shown as '" + pm + "'");

    const inChat = "in /chat " + tag;
    await send(bob, "#chatInput", "#chatSendBtn", inChat);
    const chatMeta = await waitItem(alice, "#chatMessages", inChat);
    assert(chatMeta === "Bob", "/chat sender shown as '" + chatMeta + "'");
    await shot("named", [alice, bob]);
    return { list };
  }],
  ["the token is kept for the tab: a reload signs in again", async () => {
    await alice.page.reload({ timeout: STEP });
    await waitStatus(alice, "connected", "Connected as Alice");
    assert(await alice.page.$eval("#tokenForm", (f) => f.hidden), "asked again after a reload");
    return null;
  }],
  ["an expired token ends the session and the page asks for a new one", async () => {
    carol = await openPage("carol", jwtUrl);
    await waitAsked(carol, "missing_token");
    emitLine({ type: "short-token" });
    const shortToken = await nextStdinLine();
    await signIn(carol, shortToken);
    await waitStatus(carol, "connected", "Connected as Carol");
    // The server ends the session at exp; the page comes back and is refused for the same token.
    const text = await waitAsked(carol, "token_expired");
    await waitStatus(carol, "disconnected", "Sign-in needed");
    await shot("expired", [carol]);
    await signIn(carol, bobToken);
    await waitStatus(carol, "connected", "Connected as Bob");
    return { text };
  }],
  ["a third page from one address waits for a free connection", async () => {
    L1 = await openPage("L1", limitsUrl);
    L2 = await openPage("L2", limitsUrl);
    await waitStatus(L1, "connected", "Connected as ");
    await waitStatus(L2, "connected", "Connected as ");
    L3 = await openPage("L3", limitsUrl);
    await waitStatus(L3, "reconnecting", "Reconnecting, attempt ");
    const refused = await L3.page.textContent("#status");
    await shot("limited", [L3]);
    await L2.page.close();
    await waitStatus(L3, "connected", "onnected as "); // "Reconnected after N attempts · connected as ..." 
    return { refused };
  }],
  ["a flood of messages is cut to the rate and the page stays connected", async () => {
    const before = await L1.page.$eval("#status", (s) => s.dataset.socketId);
    // 30 sends in one go, as a stuck key or a script would.
    await L1.page.evaluate((t) => {
      const input = document.getElementById("messageInput");
      const form = document.getElementById("messageForm");
      for (let i = 0; i < 30; i++) { input.value = "flood " + t + " " + i; form.requestSubmit(); }
    }, tag);
    // The page's /chat socket shares its connection: its message comes after the flood's.
    const marker = "after the flood " + tag;
    await send(L1, "#chatInput", "#chatSendBtn", marker);
    await waitItem(L1, "#chatMessages", marker);
    const got = await countItems(L1, "#messages", "flood " + tag);
    assert(got >= 1 && got <= 10, got + " of 30 flood messages got through");
    const other = "others are not limited " + tag;
    await send(L3, "#messageInput", "#sendBtn", other);
    await waitItem(L1, "#messages", other);
    const after = await L1.page.$eval("#status", (s) => s.dataset.socketId + " " + s.dataset.state);
    assert(after === before + " connected", "the flooding page lost its connection: " + after);
    return { got };
  }],
  ["no script errors on the pages", async () => {
    assert(pageErrors.length === 0, "page errors: " + JSON.stringify(pageErrors));
    return null;
  }],
]);

if (failures > 0) {
  for (const p of [alice, bob, carol, L1, L3].filter(Boolean)) {
    await p.page.screenshot({ path: join(shotDir, "secure-failure-" + p.name + ".png") }).catch(() => {});
  }
}
await context.close();
rmSync(userDataDir, { recursive: true, force: true });
emitLine({ type: "exit", failures });
process.exit(failures === 0 ? 0 : 1);
