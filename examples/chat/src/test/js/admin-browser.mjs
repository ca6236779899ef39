// The official admin UI (@socket.io/admin-ui's built page, served by the chat under /admin/) in
// headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core): log in through its
// connection form, see the chat's namespaces, sockets and rooms, and a room appear live. Usage:
//   node admin-browser.mjs <baseUrl> <password> <screenshotDir>
// Prints {"type":"check",...} lines and {"type":"done",...} like seed.mjs. The page's fonts and
// icons come from public CDNs, which tests never reach: those requests are aborted at once.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { bound, peer, runChecks, assert } from "./clients.mjs";

bound(120_000);
const [baseUrl, password, shotDir] = process.argv.slice(2);
mkdirSync(shotDir, { recursive: true });
const STEP = 20_000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const pageErrors = [];
const cspViolations = [];
page.on("pageerror", (e) => pageErrors.push(String(e)));
page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
await page.route(/^https?:\/\/(fonts\.googleapis\.com|fonts\.gstatic\.com|cdn\.jsdelivr\.net)\//, (r) => r.abort());

const users = [];
function user(nsp) { const u = peer(baseUrl, nsp, ["polling", "websocket"]); users.push(u); return u; }
const shot = (name) => page.screenshot({ path: join(shotDir, "admin-" + name + ".png") });

async function login(pass) {
  await page.getByLabel("Server URL").fill(baseUrl, { timeout: STEP });
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill(pass);
  await page.getByRole("button", { name: /connect/i }).click();
}

async function openSection(name, hash) {
  await page.getByText(name, { exact: true }).first().click({ timeout: STEP });
  await page.waitForFunction((h) => location.hash === h, hash, { timeout: STEP });
}

// The text of the page's main area once it contains every one of the strings.
async function mainShows(...texts) {
  await page.waitForFunction((ts) => {
    const main = document.querySelector("main");
    return main && ts.every((t) => main.innerText.includes(t));
  }, texts, { timeout: STEP });
  return page.locator("main").innerText();
}

let lobbyUser, chatUser;

const checks = [
  ["connect", async () => {
    lobbyUser = user("/");
    await lobbyUser.connected;
    lobbyUser.socket.emit("joinRoom", "lobby");
    chatUser = user("/chat");
    await chatUser.connected;
    const res = await page.goto(baseUrl + "/admin/", { timeout: STEP });
    assert(res.status() === 200, "GET /admin/ " + res.status());
    await page.getByLabel("Server URL").waitFor({ timeout: STEP });
    return { title: await page.title() };
  }],
  ["a wrong password keeps the login form up with 'invalid credentials'", async () => {
    await login(password + "-wrong");
    await page.getByText("invalid credentials").waitFor({ timeout: STEP });
    await shot("login-refused");
    return true;
  }],
  ["the right password connects the UI", async () => {
    await login(password);
    await page.getByText(/^\s*connected\s*$/i).first().waitFor({ timeout: STEP });   // the status chip (upper case by CSS)
    await page.getByLabel("Server URL").waitFor({ state: "hidden", timeout: STEP });
    return true;
  }],
  ["the dashboard lists the chat's namespaces", async () => {
    const text = await mainShows("/chat", "/admin", "Namespaces");
    await shot("dashboard");
    return text.split("\n").filter((l) => l.startsWith("/"));
  }],
  ["the sockets page shows the chat's sockets", async () => {
    await openSection("Sockets", "#/sockets");
    const text = await mainShows(lobbyUser.socket.id, "127.0.0.1");
    await shot("sockets");
    return text.includes("WebSocket") || text.includes("HTTP long-polling");
  }],
  ["the rooms page shows the chat's rooms, and a room joined now appears live", async () => {
    await openSection("Rooms", "#/rooms");
    await mainShows("lobby");
    const late = user("/");
    await late.connected;
    late.socket.emit("joinRoom", "live-room");
    await mainShows("lobby", "live-room");
    await shot("rooms");
    return true;
  }],
  ["no script errors and no Content-Security-Policy violations on the page", async () => {
    assert(pageErrors.length === 0, "page errors: " + JSON.stringify(pageErrors));
    assert(cspViolations.length === 0, "CSP: " + JSON.stringify(cspViolations));
    return true;
  }],
];

const failures = await runChecks(checks);
for (const u of users) u.socket.disconnect();
await browser.close();
process.exit(failures ? 1 : 0);
