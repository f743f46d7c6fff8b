// Makes web/ buildable: installs the locked npm dependencies when node_modules is missing or
// package-lock.json changed (a SHA-256 of the lock is kept in node_modules/), and builds the SDK
// the UI depends on (../sdk/typescript, "file:" dependency) when its dist/ is missing or older
// than its sources. Offline once installed.
//
// `npm ci` first; when the registry mirror lacks other platforms' optional packages (rollup,
// esbuild builds for other OSes) npm ci refuses the lock as out of sync, and `npm install
// --no-save` installs the same locked versions, checked against the lock's hashes.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const web = new URL("..", import.meta.url).pathname;
const sdk = join(web, "..", "sdk", "typescript");

function run(cwd, cmd, args) {
  console.log(`web: ${cmd} ${args.join(" ")} (in ${cwd})`);
  const r = spawnSync(cmd, args, { cwd, stdio: "inherit" });
  if (r.error) {
    console.error(`web: cannot run ${cmd}: ${r.error.message} (Node.js and npm must be on the PATH)`);
    process.exit(1);
  }
  return r.status === 0;
}

const lock = join(web, "package-lock.json");
const marker = join(web, "node_modules", ".lattice-lock.sha256");
const digest = createHash("sha256").update(readFileSync(lock)).digest("hex");
if (existsSync(marker) && readFileSync(marker, "utf8").trim() === digest) {
  console.log("web: node_modules matches package-lock.json; skipping npm ci");
} else {
  if (!run(web, "npm", ["ci", "--no-audit", "--no-fund"])) {
    console.log("web: npm ci refused the lock; installing the locked versions with npm install --no-save");
    if (!run(web, "npm", ["install", "--no-save", "--no-audit", "--no-fund"])) {
      console.error("web: installing the npm dependencies failed (is the npm registry reachable?)");
      process.exit(1);
    }
  }
  writeFileSync(marker, digest + "\n");
}

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sdkIndex = join(sdk, "dist", "index.js");
const sources = [join(sdk, "src"), join(sdk, "package.json")];
const sourcesTime = Math.max(...sources.filter(existsSync).map((p) => (statSync(p).isDirectory() ? newest(p) : statSync(p).mtimeMs)));
if (existsSync(sdkIndex) && newest(join(sdk, "dist")) >= sourcesTime) {
  console.log("web: ../sdk/typescript/dist is up to date");
} else {
  if (!existsSync(join(sdk, "node_modules"))) {
    if (!run(sdk, "node", ["scripts/ensure-deps.mjs"])) process.exit(1);
  }
  if (!run(sdk, "npm", ["run", "build"])) {
    console.error("web: building the SDK (../sdk/typescript: npm run build) failed");
    process.exit(1);
  }
}
