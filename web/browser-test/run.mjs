// Browser tests of the web UI: Debian's chromium driven by playwright-core against a real local
// network (see network.mjs). Exit code 0 only when every scenario passed; screenshots of the main
// pages in target/screenshots/. Usage: node browser-test/run.mjs
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { LocalNetwork } from "./network.mjs";
import { chatScenario, openPages, walletScenario } from "./scenarios.mjs";

const web = new URL("..", import.meta.url).pathname;
const shots = join(web, "target", "screenshots");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

function portFree(port) {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

/** A base port with the 40 ports above it free (API nodes, validators' APIs, P2P). */
async function freePorts() {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 9000) * 1;
    const all = Array.from({ length: 40 }, (_, i) => base + i);
    if ((await Promise.all(all.map(portFree))).every(Boolean)) {
      return { chat: base, currency: base + 1, validatorApi: base + 10, p2p: base + 20 };
    }
  }
  throw new Error("no free port range found");
}

/** Waits until every API node follows its chain's head (a loaded machine may start them late). */
async function caughtUp(apis) {
  const deadline = Date.now() + 180_000;
  for (const api of apis) {
    for (;;) {
      const s = await fetch(`${api}/v1/status`).then((r) => r.json()).catch(() => undefined);
      if (s && s.catching_up === false && s.latest_block_height > 1) break;
      if (Date.now() > deadline) throw new Error(`${api} did not catch up within 180 s: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function main() {
  if (!existsSync(CHROMIUM) && !process.env.CHROMIUM) {
    console.log("browser tests: installing Debian's chromium (scripts/install-debs chromium)");
    spawnSync(join(web, "..", "scripts", "install-debs"), ["chromium"], { stdio: "inherit" });
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with scripts/install-debs chromium`);
  if (!existsSync(join(web, "dist", "index.html"))) throw new Error("web/dist is missing: npm run build first");
  rmSync(shots, { recursive: true, force: true }); // only this run's pictures
  mkdirSync(shots, { recursive: true });
  const net = new LocalNetwork(join(web, "target", "browser-net"), await freePorts(), join(web, "dist"));
  const started = Date.now();
  const results = [];
  let browser;
  let setupFailed = true;
  try {
    console.log("browser tests: starting a local network (both chains, 1 validator each, relayer)…");
    const urls = net.up();
    console.log(`browser tests: network up in ${Math.round((Date.now() - started) / 1000)} s: currency ${urls.currency}, chat ${urls.chat ?? "(none)"}`);
    await caughtUp([urls.currency, urls.chat].filter(Boolean));
    const index = await fetch(`${urls.currency}/`);
    if (!(index.headers.get("content-type") ?? "").startsWith("text/html")) {
      throw new Error(`the API node ${urls.currency} does not serve the web UI at / (HTTP ${index.status}): is the node's jar older than io.lattice.node.api.WebAssets? Rebuild it (./mvnw install -pl node -am -DskipTests)`);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
    const env = { browser, urls, shots };
    setupFailed = false;
    for (const [name, scenario] of [
      ["wallet: create → faucet → send → explorer", walletScenario],
      ["chat: register with stake → direct message → read by the other user", chatScenario],
    ]) {
      const t0 = Date.now();
      try {
        await scenario(env);
        results.push({ name, ok: true, seconds: (Date.now() - t0) / 1000 });
      } catch (e) {
        results.push({ name, ok: false, seconds: (Date.now() - t0) / 1000, error: e });
        for (const [i, page] of openPages.entries()) {
          await page.screenshot({ path: join(shots, `failure-${results.length}-${i}.png`), fullPage: true }).catch(() => undefined);
        }
      }
      openPages.splice(0);
    }
  } finally {
    await browser?.close();
    if (setupFailed || results.some((r) => !r.ok)) console.error(net.logs());
    net.down();
  }
  for (const r of results) {
    console.log(`${r.ok ? "PASS" : "FAIL"} ${r.name} (${r.seconds.toFixed(1)} s)${r.ok ? "" : "\n  " + (r.error?.stack ?? r.error)}`);
  }
  console.log(`browser tests: screenshots in ${shots}`);
  if (results.length < 2 || results.some((r) => !r.ok)) process.exit(1);
}

main().catch((e) => {
  console.error(`browser tests: ${e.stack ?? e}`);
  process.exit(1);
});
