// The user stories the browser tests play, each in fresh browser contexts (own localStorage).
import { Ed25519Signer } from "@lattice/sdk";
import { join } from "node:path";

const PASSPHRASE = "correct horse battery staple";
const SLOW = 120_000; // a committed transaction, a cross-chain operation: blocks, not milliseconds

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Every page opened, for screenshots when a scenario fails. */
export const openPages = [];

/** A page that fails the scenario on uncaught errors and Content-Security-Policy violations. */
async function openPage(browser, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  openPages.push(page);
  page.problems = [];
  page.on("pageerror", (e) => page.problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  page.setDefaultTimeout(30_000);
  return page;
}

function assertClean(page) {
  check(page.problems.length === 0, `the page reported problems:\n${page.problems.join("\n")}`);
}

async function shot(page, shots, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/** Creates a wallet in the UI and returns its address. */
async function createWallet(page, base) {
  await page.goto(`${base}/wallet`);
  await page.getByRole("button", { name: "Create a new wallet" }).click();
  const words = await page.getByTestId("mnemonic").locator("li").allTextContents();
  check(words.length === 24, `expected 24 mnemonic words, got ${words.length}`);
  await page.getByRole("button", { name: "Create wallet" }).click();
  check(await page.locator(".field-error").first().textContent().then((t) => /wrote the words/.test(t ?? "")), "creating without confirming the words was not refused");
  await page.check("input[name=saved]");
  await page.fill("input[name=passphrase]", PASSPHRASE);
  await page.fill("input[name=confirm]", PASSPHRASE + "x");
  await page.getByRole("button", { name: "Create wallet" }).click();
  await page.getByText("the passphrases differ").waitFor();
  await page.fill("input[name=confirm]", PASSPHRASE);
  await page.getByRole("button", { name: "Create wallet" }).click();
  const address = (await page.getByTestId("wallet-address").textContent())?.trim() ?? "";
  check(address.startsWith("lat1"), `no address shown after creating the wallet: '${address}'`);
  check(Ed25519Signer.fromMnemonic(words.join(" ")).address === address, "the shown words do not restore the wallet's address");
  return { address, words };
}

/** The faucet button; a refusal (e.g. a node still catching up under load) is shown, and retried as a user would. */
async function useFaucet(page) {
  for (let attempt = 1; ; attempt++) {
    await page.getByRole("button", { name: /faucet/i }).click();
    const outcome = await Promise.race([
      page.getByText(/^Received /).waitFor({ timeout: SLOW }).then(() => "ok"),
      page.locator(".faucet [role=alert]").waitFor({ timeout: SLOW }).then(() => "refused"),
    ]);
    if (outcome === "ok") break;
    const reason = (await page.locator(".faucet [role=alert]").textContent())?.replace(/\s+/g, " ");
    check(attempt < 5, `the faucet kept refusing: ${reason}`);
    console.log(`  faucet refused (attempt ${attempt}): ${reason}; retrying`);
    await page.waitForTimeout(3000);
  }
  await page.waitForFunction(() => {
    const t = document.querySelector('[data-testid="balance"]')?.textContent ?? "0 LAT";
    return t !== "0 LAT";
  });
}

/** Create wallet → faucet → send (bad inputs refused first) → the transfer in the explorer. */
export async function walletScenario({ browser, urls, shots }) {
  const base = urls.currency;
  const headers = (await fetch(`${base}/`)).headers;
  check((headers.get("content-security-policy") ?? "").includes("frame-ancestors 'none'"), "no CSP on the UI");
  check(headers.get("x-content-type-options") === "nosniff", "no nosniff on the UI");
  const apiError = await fetch(`${base}/v1/nope`);
  check(apiError.status === 404 && (await apiError.json()).code === 404, "an unknown API path is not a JSON 404");

  const page = await openPage(browser);
  const { words } = await createWallet(page, base);
  await shot(page, shots, "wallet-new");
  await useFaucet(page);
  const balance = await page.getByTestId("balance").textContent();
  console.log(`  wallet funded by the faucet: ${balance}`);

  // bad input is refused before anything is signed
  await page.fill("input[name=to]", "lat1notanaddress");
  await page.fill("input[name=amount]", "1");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await page.getByText(/not a valid Lattice address/).waitFor();
  const recipient = Ed25519Signer.generate().signer.address;
  await page.fill("input[name=to]", recipient);
  await page.fill("input[name=amount]", "1.2345678");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await page.getByText("at most 6 decimals (1 ulat = 0.000001 LAT)").waitFor();
  // more than the balance: signed and sent, refused by the chain; its reason is shown
  await page.fill("input[name=amount]", "1000000000");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const refusal = page.getByRole("alert").filter({ hasText: /insufficient/i });
  await refusal.waitFor({ timeout: SLOW });
  console.log(`  over-balance send refused: ${(await refusal.textContent())?.replace(/\s+/g, " ").slice(0, 160)}`);
  await shot(page, shots, "wallet-refused");

  await page.fill("input[name=amount]", "0.25");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const hash = (await page.getByTestId("sent-tx").textContent({ timeout: SLOW }))?.trim() ?? "";
  check(/^[0-9a-f]{64}$/.test(hash), `no transaction hash after sending: '${hash}'`);
  await shot(page, shots, "wallet-sent");

  await stakingAndValidator(page, base, words);
  await shot(page, shots, "wallet-staking");

  await page.getByTestId("sent-tx").click();
  await page.getByTestId("tx-result").filter({ hasText: "success" }).waitFor();
  await shot(page, shots, "explorer-tx");

  await page.goto(`${base}/explorer/currency`);
  await page.locator(".badge.live").waitFor();
  await page.locator('[data-testid="blocks"] tbody tr').first().waitFor();
  await page.fill("input[name=search]", recipient);
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByTestId("account-balance").filter({ hasText: "0.25 LAT" }).waitFor();
  await page.locator('[data-testid="account-txs"]').getByText("MsgSend").waitFor();
  await shot(page, shots, "explorer-account");

  await page.goto(`${base}/explorer/currency`);
  await page.locator('[data-testid="blocks"] tbody tr').nth(2).waitFor();
  await shot(page, shots, "explorer-live-blocks");
  await page.fill("input[name=search]", "not-a-thing");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByText(/is neither a height/).waitFor();

  await page.goto(`${base}/explorer/currency/validators`);
  await page.locator('[data-testid="validators"] tbody tr').first().waitFor();
  check((await page.locator('[data-testid="validators"] tbody tr').first().textContent())?.includes("active"), "the validator is not shown active");
  await shot(page, shots, "explorer-validators");

  await page.goto(`${base}/network`);
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="chart-block-time"]')?.textContent ?? ""), undefined, { timeout: 60_000 });
  await shot(page, shots, "network");
  assertClean(page);

  const phone = await openPage(browser, { width: 390, height: 844 });
  await phone.goto(`${base}/explorer/currency`);
  await phone.locator('[data-testid="blocks"] tbody tr').first().waitFor();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflow <= 0, `the explorer is ${overflow}px wider than a 390px screen`);
  await shot(phone, shots, "mobile-explorer");
  await phone.goto(`${base}/wallet`);
  await phone.getByRole("button", { name: "Create a new wallet" }).waitFor();
  await shot(phone, shots, "mobile-wallet");
  assertClean(phone);
}

/** Delegates with a lock, is refused undelegating it, and is stopped at common validator mistakes. */
async function stakingAndValidator(page, base, words) {
  await page.waitForFunction(() => (document.querySelectorAll("select[name=validator] option").length ?? 0) > 1);
  const operator = await page.locator("select[name=validator] option").nth(1).getAttribute("value");
  await page.selectOption("select[name=validator]", operator);
  await page.fill("input[name=stake-amount]", "1");
  await page.fill("input[name=lock-days]", "1");
  await page.getByRole("button", { name: "Delegate", exact: true }).click();
  await page.getByText(/^Delegated 1 LAT, locked for 1 day/).waitFor({ timeout: SLOW });
  await page.getByText(/^1 LAT to /).waitFor();
  await page.getByRole("button", { name: "Undelegate", exact: true }).click();
  const locked = page.getByRole("alert").filter({ hasText: /locked/i });
  await locked.waitFor({ timeout: SLOW });
  console.log(`  undelegating locked stake refused: ${(await locked.textContent())?.replace(/\s+/g, " ").slice(0, 160)}`);

  const own = Buffer.from(Ed25519Signer.fromMnemonic(words.join(" ")).publicKey).toString("base64");
  await page.fill("input[name=moniker]", "my-validator");
  await page.fill("input[name=consensus-key]", own);
  await page.fill("input[name=self-stake]", "2");
  await page.getByRole("button", { name: "Create validator" }).click();
  await page.getByText(/this is your wallet key/).waitFor();
  await page.fill("input[name=consensus-key]", "AAAA");
  await page.getByRole("button", { name: "Create validator" }).click();
  await page.getByText(/32-byte ed25519 public key/).waitFor();
  const validators = (await (await fetch(`${base}/v1/query/staking/validators`)).json()).result;
  const taken = validators[0]?.pub_key?.key;
  check(typeof taken === "string", `no validator key in ${JSON.stringify(validators).slice(0, 200)}`);
  await page.fill("input[name=consensus-key]", taken);
  await page.fill("input[name=rate]", "30");
  await page.getByRole("button", { name: "Create validator" }).click();
  await page.getByText("the commission cannot exceed the maximum commission").waitFor();
  await page.fill("input[name=rate]", "5");
  await page.getByRole("button", { name: "Create validator" }).click();
  await page.getByRole("alert").filter({ hasText: "another validator already uses this consensus key" }).waitFor({ timeout: SLOW });
}

/** A new user: wallet, faucet, username registered with stake through the cross-chain operation. */
async function registeredUser(browser, urls, shots, username) {
  const page = await openPage(browser);
  await createWallet(page, urls.currency);
  await useFaucet(page);
  await page.getByRole("link", { name: "Chat" }).click(); // in-app: the unlocked key stays in memory
  await page.fill("input[name=username]", "x");
  await page.getByRole("button", { name: "Register with stake" }).click();
  await page.getByText("username must be at least 3 characters").waitFor();
  await page.fill("input[name=username]", username);
  await page.fill("input[name=stake]", "1");
  await page.waitForFunction(() => (document.querySelector("select[name=validator]")?.value ?? "") !== "");
  await page.getByRole("button", { name: "Register with stake" }).click();
  const status = page.getByTestId("op-status");
  await status.waitFor({ timeout: SLOW });
  await page.waitForFunction(() => /AtomicSuccess|RolledBack|Failed/.test(document.querySelector('[data-testid="op-status"]')?.textContent ?? "") && document.querySelector(".op .success, .op .error") !== null, undefined, { timeout: SLOW });
  const final = (await status.textContent())?.trim();
  await shot(page, shots, `chat-register-${final}`);
  check(final === "AtomicSuccess", `registering ${username} with stake ended ${final}: ${(await page.locator(".op").textContent())?.replace(/\s+/g, " ")}`);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByTestId("my-username").filter({ hasText: username }).waitFor();
  return page;
}

/** Two users register with stake; one sends a direct message; the other reads it. */
export async function chatScenario({ browser, urls, shots }) {
  check(urls.chat, "MISSING: the local network has no chat chain API node (network.json lists no lattice-chat-1 chain), so registration with stake and direct messages cannot be tested");
  check(urls.relayer, "MISSING: the local network runs no relayer (network.json has no relayer), so no cross-chain operation can complete");
  const suffix = Math.random().toString(36).slice(2, 7);
  const aliceName = `alice_${suffix}`;
  const bobName = `bob_${suffix}`;
  const alice = await registeredUser(browser, urls, shots, aliceName);
  const bob = await registeredUser(browser, urls, shots, bobName);
  const text = `hello ${bobName}, this is end-to-end encrypted`;

  await alice.fill("input[name=peer]", bobName);
  await alice.getByRole("button", { name: "Open conversation" }).click();
  await alice.fill("input[name=message]", text);
  await alice.getByRole("button", { name: "Send encrypted" }).click();
  await alice.getByText(/^Sent, encrypted, in block/).waitFor({ timeout: SLOW });
  await alice.getByTestId("messages").getByText(text).waitFor();
  await shot(alice, shots, "chat-sender");

  await bob.fill("input[name=peer]", aliceName);
  await bob.getByRole("button", { name: "Open conversation" }).click();
  await bob.getByTestId("messages").getByText(text).waitFor({ timeout: 30_000 });
  await shot(bob, shots, "chat-recipient");

  // channels: alice creates one and posts; bob joins and reads the post
  const channel = `general-${suffix}`;
  await alice.fill("input[name=channel]", "9bad");
  await alice.getByRole("button", { name: "Create", exact: true }).click();
  await alice.getByText("channel name must start with a letter and use only a-z, 0-9, '_' and '-'").waitFor();
  await alice.fill("input[name=channel]", channel);
  await alice.getByRole("button", { name: "Create", exact: true }).click();
  await alice.getByText(`Channel #${channel} created in block`, { exact: false }).waitFor({ timeout: SLOW });
  await alice.fill("input[name=post]", "welcome, everyone");
  await alice.getByRole("button", { name: "Post", exact: true }).click();
  await alice.getByText(/^Posted in block/).waitFor({ timeout: SLOW });
  await alice.locator(".channel").getByText("welcome, everyone").waitFor();
  await shot(alice, shots, "chat-channel");
  await bob.fill("input[name=channel]", channel);
  await bob.getByRole("button", { name: "Join", exact: true }).click();
  await bob.getByText(`Joined #${channel} in block`, { exact: false }).waitFor({ timeout: SLOW });
  await bob.locator(".channel").getByText("welcome, everyone").waitFor();

  await bob.fill("input[name=peer]", "no_such_user_" + suffix);
  await bob.getByRole("button", { name: "Open conversation" }).click();
  await bob.getByRole("alert").filter({ hasText: /no registered identity/ }).waitFor();
  assertClean(alice);
  assertClean(bob);
}
