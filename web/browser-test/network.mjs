// A real local Lattice network for the browser tests: `lattice up` (both chains, one validator
// each, an API node per chain, the relayer) in its own directory and on its own ports, run with
// the node's jar the same way ./lattice runs it; `lattice down` at the end.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const repo = new URL("../..", import.meta.url).pathname;

function findJdk() {
  const r = spawnSync("bash", ["-c", `. "${repo}scripts/find-jdk" && find_jdk`], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`no JDK >= 21: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/** The node's jar and its libraries (node/target, or LATTICE_NODE_TARGET). */
function nodeTarget() {
  const target = process.env.LATTICE_NODE_TARGET ?? join(repo, "node", "target");
  if (!existsSync(join(target, "lattice-node.jar"))) {
    throw new Error(`${target}/lattice-node.jar is missing: build the node first (./mvnw install -pl node -am -DskipTests)`);
  }
  return target;
}

export class LocalNetwork {
  constructor(dir, ports, webRoot) {
    this.dir = dir;
    this.ports = ports;
    this.webRoot = webRoot;
    this.java = join(findJdk(), "bin", "java");
    const target = nodeTarget();
    this.classPath = `${target}/lattice-node.jar:${target}/lib/*`;
    this.apis = [`http://127.0.0.1:${ports.chat}`, `http://127.0.0.1:${ports.currency}`];
  }

  cli(args, timeoutMs) {
    const jvm = [
      "--enable-native-access=ALL-UNNAMED",
      `-Dlattice.web.root=${this.webRoot}`,
      `-Dlattice.web.apis=${this.apis.join(",")}`,
      "-Xmx384m",
      "-cp",
      this.classPath,
      "io.lattice.node.cli.LatticeCli",
    ];
    const r = spawnSync(this.java, [...jvm, ...args], { encoding: "utf8", timeout: timeoutMs });
    return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}`, error: r.error };
  }

  /** Starts the network and returns its API URLs by chain, as network.json lists them. */
  up() {
    rmSync(this.dir, { recursive: true, force: true });
    const p = this.ports;
    const r = this.cli(
      ["up", "--dir", this.dir, "--validators", "1", "--chat-api-port", `${p.chat}`, "--api-port", `${p.currency}`, "--validator-api-port", `${p.validatorApi}`, "--p2p-port", `${p.p2p}`, "--wait", "240"],
      300_000,
    );
    if (r.status !== 0) throw new Error(`lattice up failed (${r.error?.message ?? "exit " + r.status}):\n${r.out}\n${this.logs()}`);
    const net = JSON.parse(readFileSync(join(this.dir, "network.json"), "utf8"));
    const byChain = Object.fromEntries((net.chains ?? []).map((c) => [c.chain_id, c.api.replace(/\/+$/, "")]));
    return { chat: byChain["lattice-chat-1"], currency: byChain["lattice-currency-1"] ?? byChain[net.chain_id], relayer: net.relayer, raw: net };
  }

  down() {
    if (!existsSync(join(this.dir, "network.json"))) return;
    const r = this.cli(["down", "--dir", this.dir], 120_000);
    if (r.status !== 0) console.error(`lattice down: ${r.out}`);
  }

  /** The last lines of every node's log, for a failure report. */
  logs() {
    try {
      const net = JSON.parse(readFileSync(join(this.dir, "network.json"), "utf8"));
      const logs = [...(net.nodes ?? []).map((n) => [n.name, n.log]), ...(net.relayer ? [["relayer", net.relayer.log]] : [])];
      return logs
        .filter(([, f]) => f && existsSync(f))
        .map(([name, f]) => `--- ${name} (${f})\n${readFileSync(f, "utf8").split("\n").slice(-8).join("\n")}`)
        .join("\n");
    } catch {
      return "(no network.json)";
    }
  }
}
