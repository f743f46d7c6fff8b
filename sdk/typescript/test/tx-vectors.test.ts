import { describe, expect, it } from "vitest";
import { fromBinary } from "@bufbuild/protobuf";
import {
  Ed25519Signer,
  TxBuilder,
  coin,
  fromHex,
  signerFromPrivateKey,
  toHex,
  verifySignature,
  type KeyAlgorithmId,
  type Signer,
} from "../src/index.js";
import { TxBodySchema, TxRawSchema } from "../src/gen/lattice/tx/v1/tx_pb.js";
import { vectors, type SignerInput, type TxVector } from "./vectors.js";

function signerOf(s: SignerInput): Signer {
  if (s.mnemonic !== undefined) return Ed25519Signer.fromMnemonic(s.mnemonic, s.path);
  return signerFromPrivateKey(s.algorithm as KeyAlgorithmId, fromHex(s.private_key_hex!));
}

function build(v: TxVector, change: (b: TxBuilder) => void = () => {}) {
  const b = TxBuilder.forChain(v.chain_id)
    .memo(v.memo)
    .gasLimit(BigInt(v.fee.gas_limit))
    .timeoutHeight(BigInt(v.timeout_height))
    .fee(v.fee.amount.map((c) => coin(c.denom, c.amount)));
  for (const m of v.messages) b.addMessage(m);
  for (const s of v.signers) b.signer(signerOf(s), BigInt(s.account_number), BigInt(s.sequence));
  change(b);
  return b.build();
}

describe("testdata/tx-vectors.json (written by the Java SharedTxVectorsTest)", () => {
  it("covers MsgSend, MsgMultiSend and MsgDelegate", () => {
    const types = vectors.vectors.flatMap((v) => v.messages.map((m) => m["@type"]));
    expect(types).toEqual(
      expect.arrayContaining(["/lattice.bank.v1.MsgSend", "/lattice.bank.v1.MsgMultiSend", "/lattice.staking.v1.MsgDelegate"]),
    );
  });

  for (const v of vectors.vectors) {
    describe(v.name, () => {
      const tx = build(v);
      it("derives the same keys and addresses", () => {
        expect(
          v.signers.map((s) => {
            const k = signerOf(s);
            return { address: k.address, public_key_hex: toHex(k.publicKey) };
          }),
        ).toEqual(v.expected.signers);
      });
      it("encodes body and auth info byte for byte", () => {
        expect(toHex(tx.bodyBytes)).toBe(v.expected.body_bytes_hex);
        expect(toHex(tx.authInfoBytes)).toBe(v.expected.auth_info_bytes_hex);
      });
      it("produces the same sign bytes and signatures", () => {
        expect(tx.signBytes.map(toHex)).toEqual(v.expected.sign_bytes_hex);
        expect(tx.raw.signatures.map(toHex)).toEqual(v.expected.signatures_hex);
      });
      it("produces the same TxRaw bytes and hash", () => {
        expect(toHex(tx.bytes)).toBe(v.expected.tx_bytes_hex);
        expect(tx.hash).toBe(v.expected.tx_hash_hex);
      });
      it("Java's signatures verify with the SDK", () => {
        v.expected.signatures_hex.forEach((sig, i) => {
          const k = signerOf(v.signers[i]!);
          expect(verifySignature(k.algorithm, k.publicKey, fromHex(v.expected.sign_bytes_hex[i]!), fromHex(sig))).toBe(true);
          const tampered = fromHex(v.expected.sign_bytes_hex[i]!);
          tampered[tampered.length - 1]! ^= 1;
          expect(verifySignature(k.algorithm, k.publicKey, tampered, fromHex(sig))).toBe(false);
        });
      });
      it("decodes back to the vector's chain id and memo", () => {
        const raw = fromBinary(TxRawSchema, fromHex(v.expected.tx_bytes_hex));
        const body = fromBinary(TxBodySchema, raw.bodyBytes);
        expect(body.chainId).toBe(v.chain_id);
        expect(body.memo).toBe(v.memo);
        expect(body.messages.map((m) => m.typeUrl)).toEqual(v.messages.map((m) => m["@type"]));
      });
      it("differs when any input changes", () => {
        expect(build(v, (b) => b.memo(v.memo + "!")).hash).not.toBe(v.expected.tx_hash_hex);
        expect(toHex(build(v, (b) => b.gasLimit(BigInt(v.fee.gas_limit) + 1n)).bytes)).not.toBe(v.expected.tx_bytes_hex);
      });
    });
  }
});

describe("addresses from mnemonics", () => {
  for (const a of vectors.addresses) {
    it(`${a.mnemonic.trim().split(/\s+/).slice(0, 3).join(" ")}… at ${a.path} gives the Java keyring's key`, () => {
      const k = Ed25519Signer.fromMnemonic(a.mnemonic, a.path);
      expect(k.address).toBe(a.address);
      expect(toHex(k.publicKey)).toBe(a.public_key_hex);
      expect(toHex(k.privateKey())).toBe(a.private_key_hex);
    });
  }
});
