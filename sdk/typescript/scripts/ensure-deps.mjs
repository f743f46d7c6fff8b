// Installs the locked dependencies only when node_modules is missing or package-lock.json changed
// since the last install (a SHA-256 of the lock file is kept in node_modules/), so the Maven build
// works offline once they are installed.
//
// `npm ci` first. If it refuses the lock as out of sync, that is because the registry the lock was
// written against lacks other platforms' optional packages (a mirror that carries only linux-x64
// builds of @bufbuild/buf, esbuild, rollup): then `npm install --no-save` installs the same locked
// versions, checked against the lock's integrity hashes, without rewriting the lock.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const lock = join(root, "package-lock.json");
const marker = join(root, "node_modules", ".lattice-lock.sha256");
const digest = createHash("sha256").update(readFileSync(lock)).digest("hex");

if (existsSync(marker) && readFileSync(marker, "utf8").trim() === digest) {
  console.log("sdk/typescript: node_modules matches package-lock.json; skipping npm ci");
  process.exit(0);
}

function npm(args, quiet = false) {
  if (!quiet) console.log(`sdk/typescript: npm ${args.join(" ")}`);
  const r = spawnSync("npm", args, { cwd: root, stdio: quiet ? "ignore" : "inherit" });
  if (r.error) {
    console.error(`cannot run npm: ${r.error.message} (Node.js and npm must be on the PATH)`);
    process.exit(1);
  }
  return r.status === 0;
}

// node_modules installed by hand (no marker yet): keep it when it holds exactly the pinned
// versions (`npm ls` works offline), instead of reinstalling.
if (existsSync(join(root, "node_modules")) && !existsSync(marker) && npm(["ls", "--depth=0", "--silent"], true)) {
  console.log("sdk/typescript: node_modules already holds the pinned versions; skipping npm ci");
  writeFileSync(marker, digest + "\n");
  process.exit(0);
}

if (!npm(["ci", "--no-audit", "--no-fund"])) {
  console.log("sdk/typescript: npm ci refused the lock; installing the locked versions with npm install --no-save");
  if (!npm(["install", "--no-save", "--no-audit", "--no-fund"])) {
    console.error("sdk/typescript: installing the npm dependencies failed (is the npm registry reachable?)");
    process.exit(1);
  }
}
writeFileSync(marker, digest + "\n");
