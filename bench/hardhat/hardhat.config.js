// The hardhat dev node that scripts/bench-hardhat (io.lattice.bench.peer.hardhat.HardhatBench)
// measures beside Lattice's local network: chain id 31337, automine (one block per transaction,
// mined before eth_sendRawTransaction answers), state in memory.
//
// Funded accounts, from the environment:
//   HARDHAT_BENCH_KEYS      a JSON file holding an array of 0x-prefixed secp256k1 private keys;
//                           each one is funded (this is what HardhatBench passes)
//   HARDHAT_BENCH_ACCOUNTS  without a key file: how many accounts to derive from hardhat's
//                           public test mnemonic (default 20); with one: must equal its length
//   HARDHAT_BENCH_BALANCE   wei given to each account (default 10^24)
//   HARDHAT_BENCH_LOGGING   "true" keeps `hardhat node`'s log line per JSON-RPC call and
//                           per mined transaction (default off: Lattice's nodes do not log each
//                           transfer either)
const fs = require("fs");

const TEST_MNEMONIC = "test test test test test test test test test test test junk";

function positiveInteger(name, text) {
  if (!/^[1-9][0-9]*$/.test(text)) {
    throw new Error(`${name} must be a positive integer, got '${text}'`);
  }
  return Number(text);
}

function accounts(env) {
  const balance = env.HARDHAT_BENCH_BALANCE ?? "1000000000000000000000000";
  if (!/^[0-9]+$/.test(balance)) {
    throw new Error(`HARDHAT_BENCH_BALANCE must be a decimal number of wei, got '${balance}'`);
  }
  const count =
    env.HARDHAT_BENCH_ACCOUNTS === undefined
      ? undefined
      : positiveInteger("HARDHAT_BENCH_ACCOUNTS", env.HARDHAT_BENCH_ACCOUNTS);
  if (env.HARDHAT_BENCH_KEYS === undefined) {
    return { mnemonic: TEST_MNEMONIC, count: count ?? 20, accountsBalance: balance };
  }
  const keys = JSON.parse(fs.readFileSync(env.HARDHAT_BENCH_KEYS, "utf8"));
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new Error(`${env.HARDHAT_BENCH_KEYS}: expected a non-empty JSON array of private keys`);
  }
  keys.forEach((k, i) => {
    if (typeof k !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(k)) {
      throw new Error(`${env.HARDHAT_BENCH_KEYS}: key ${i} is not 0x + 64 hex digits`);
    }
  });
  if (count !== undefined && count !== keys.length) {
    throw new Error(
      `HARDHAT_BENCH_ACCOUNTS=${count} but ${env.HARDHAT_BENCH_KEYS} holds ${keys.length} keys`
    );
  }
  return keys.map((privateKey) => ({ privateKey, balance }));
}

module.exports = {
  networks: {
    hardhat: {
      chainId: 31337,
      mining: { auto: true, interval: 0 },
      accounts: accounts(process.env),
      loggingEnabled: process.env.HARDHAT_BENCH_LOGGING === "true",
    },
  },
};
