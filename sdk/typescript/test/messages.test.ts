import { describe, expect, it } from "vitest";
import { toJson } from "@bufbuild/protobuf";
import {
  Ed25519Signer,
  MessageEncodingError,
  TxBuilder,
  coin,
  identityKeyPair,
  messageFromJson,
  msgs,
  schemaOf,
  sealDirectMessage,
  toHex,
  unpackAny,
  packAny,
} from "../src/index.js";
import { vectors } from "./vectors.js";

const alice = Ed25519Signer.fromMnemonic(vectors.addresses[0]!.mnemonic);
const bob = Ed25519Signer.fromMnemonic(vectors.addresses[1]!.mnemonic);

describe("client messages encode with the generated protos", () => {
  const payload = sealDirectMessage(identityKeyPair(alice).privateKey, alice.address, bob.address, identityKeyPair(bob).publicKey, new TextEncoder().encode("hi"));
  const all = {
    send: msgs.send(alice.address, bob.address, 10n, "ulat"),
    delegate: msgs.delegate(alice.address, bob.address, 5n, "ulat", 3600n),
    undelegate: msgs.undelegate(alice.address, bob.address, 5n, "ulat"),
    withdrawRewards: msgs.withdrawRewards(alice.address, bob.address),
    register: msgs.register(alice.address, "alice", identityKeyPair(alice).publicKey),
    directMessage: msgs.directMessage(alice.address, bob.address, payload),
    createChannel: msgs.createChannel(alice.address, "general", true, "talk"),
    joinChannel: msgs.joinChannel(bob.address, "general"),
    leaveChannel: msgs.leaveChannel(bob.address, "general"),
    post: msgs.post(alice.address, "general", "hello ✓"),
    registerWithStake: msgs.registerWithStake(alice.address, "alice", identityKeyPair(alice).publicKey, 1000n, "ulat", bob.address, 60n),
    createChannelWithFee: msgs.createChannelWithFee(alice.address, "paid", true, 50n, "ulat"),
  };
  for (const [name, json] of Object.entries(all)) {
    it(`${name} (${json["@type"]}) round-trips through its binary encoding`, () => {
      const msg = messageFromJson(json);
      const back = unpackAny(packAny(msg));
      const { ["@type"]: _t, ...fields } = json;
      expect(toJson(schemaOf(String(json["@type"])), back, { useProtoFieldName: true })).toEqual(
        JSON.parse(JSON.stringify(fields, (_k, v) => (Array.isArray(v) && v.length === 0 ? undefined : v))),
      );
    });
  }

  it("msgs.send gives the bytes of the shared MsgSend vector", () => {
    const v = vectors.vectors.find((x) => x.messages[0]!["@type"] === "/lattice.bank.v1.MsgSend" && x.signers[0]!.mnemonic)!;
    const m = v.messages[0]! as { from_address: string; to_address: string; amount: { denom: string; amount: string }[] };
    const s = v.signers[0]!;
    const tx = TxBuilder.forChain(v.chain_id)
      .addMessage(msgs.send(m.from_address, m.to_address, BigInt(m.amount[0]!.amount), m.amount[0]!.denom))
      .memo(v.memo)
      .gasLimit(BigInt(v.fee.gas_limit))
      .fee(v.fee.amount.map((c) => coin(c.denom, c.amount)))
      .signer(Ed25519Signer.fromMnemonic(s.mnemonic!, s.path), BigInt(s.account_number), BigInt(s.sequence))
      .build();
    expect(toHex(tx.bytes)).toBe(v.expected.tx_bytes_hex);
  });

  it("unknown types and fields are refused by name", () => {
    expect(() => messageFromJson({ "@type": "/lattice.nope.v1.MsgX" })).toThrow(new MessageEncodingError("unknown message type '/lattice.nope.v1.MsgX'"));
    expect(() => messageFromJson({ "@type": "/lattice.bank.v1.MsgSend", from: "x" })).toThrow(MessageEncodingError);
    expect(() => messageFromJson({ from_address: "x" })).toThrow("message JSON needs an '@type' string");
  });
});
