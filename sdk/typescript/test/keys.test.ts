import { describe, expect, it } from "vitest";
import {
  DEFAULT_DERIVATION_PATH,
  Ed25519Signer,
  HybridSigner,
  InvalidAddressError,
  KeyError,
  MlDsaSigner,
  accountPath,
  addressOf,
  encodeAddress,
  isAddress,
  normalizeMnemonic,
  parseAddress,
  parseDerivationPath,
  slip10Ed25519,
  fromHex,
  toHex,
  verifySignature,
  utf8,
} from "../src/index.js";
import { bech32 } from "@scure/base";
import { vectors } from "./vectors.js";

describe("SLIP-10 ed25519 (SLIP-0010 test vector 1)", () => {
  // https://github.com/satoshilabs/slips/blob/master/slip-0010.md, seed 000102030405060708090a0b0c0d0e0f
  const seed = fromHex("000102030405060708090a0b0c0d0e0f");
  it.each([
    ["m/0'", "68e0fe46dfb67e368c75379acec591dad19df3cde26e63b93a8e704f1dade7a3"],
    ["m/0'/1'/2'/2'/1000000000'", "8f94d394a8e8fd6b1bc2f3f49f5c47e385281d5c17e65324b0f62483e37e8793"],
  ])("%s", (path, key) => {
    expect(toHex(slip10Ed25519(seed, path))).toBe(key);
  });
});

describe("mnemonics", () => {
  it("the default path and account paths are the Java keyring's", () => {
    expect(DEFAULT_DERIVATION_PATH).toBe("m/44'/9000'/0'/0'/0'");
    expect(accountPath(7, 3)).toBe("m/44'/9000'/7'/0'/3'");
    expect(vectors.addresses.some((a) => a.path === accountPath(7, 3))).toBe(true);
  });

  it("normalizes case and whitespace like Java", () => {
    expect(normalizeMnemonic("  Zoo zoo zoo zoo zoo  zoo zoo zoo zoo zoo zoo WRONG ")).toBe("zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong");
  });

  it.each([
    ["", "mnemonic is empty"],
    ["abandon abandon abandon abandon abandon abandon abandonx abandon abandon abandon abandon about", "unknown word 'abandonx' at position 7 of the mnemonic"],
    ["abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", "mnemonic has 13 words; expected 12, 15, 18, 21 or 24"],
    ["abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon", "mnemonic checksum mismatch"],
  ])("refuses %j", (words, reason) => {
    expect(() => Ed25519Signer.fromMnemonic(words)).toThrow(KeyError);
    expect(() => Ed25519Signer.fromMnemonic(words)).toThrow(reason);
  });

  it("refuses unhardened and malformed paths", () => {
    expect(() => parseDerivationPath("m/44'/9000'/0'/0/0'")).toThrow("segment 4 ('0') of derivation path 'm/44'/9000'/0'/0/0'' is not hardened");
    expect(() => parseDerivationPath("44'/0'")).toThrow("must start with 'm'");
    expect(() => parseDerivationPath("m/x'")).toThrow("is not a number");
  });

  it("a generated wallet restores to the same key", () => {
    const { signer, mnemonic } = Ed25519Signer.generate();
    expect(mnemonic.split(" ")).toHaveLength(24);
    expect(Ed25519Signer.fromMnemonic(mnemonic).address).toBe(signer.address);
    const msg = utf8("hello");
    expect(verifySignature("ed25519", signer.publicKey, msg, signer.sign(msg))).toBe(true);
  });
});

describe("addresses", () => {
  const a = vectors.addresses[0]!;

  it("derive from algorithm id and public key", () => {
    expect(addressOf("ed25519", fromHex(a.public_key_hex))).toBe(a.address);
    // the algorithm id is part of the hash
    expect(addressOf("secp256k1", fromHex(a.public_key_hex))).not.toBe(a.address);
  });

  it("round-trip through bech32", () => {
    expect(encodeAddress(parseAddress(a.address))).toBe(a.address);
    expect(isAddress(a.address)).toBe(true);
  });

  it.each([
    ["", "address is empty"],
    ["cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu", "human-readable part is 'cosmos', expected 'lat'"],
    ["lat1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", "invalid address"],
    [bech32.encode("lat", bech32.toWords(new Uint8Array(32))), "payload is 32 bytes, expected 20"],
  ])("refuse %j", (text, reason) => {
    expect(() => parseAddress(text)).toThrow(InvalidAddressError);
    expect(() => parseAddress(text)).toThrow(reason);
    expect(isAddress(text)).toBe(false);
  });

  it("refuse a changed character (checksum) and mixed case", () => {
    const last = a.address.at(-1) === "q" ? "p" : "q";
    expect(() => parseAddress(a.address.slice(0, -1) + last)).toThrow(InvalidAddressError);
    expect(() => parseAddress("LAT1" + a.address.slice(4))).toThrow(InvalidAddressError);
    expect(isAddress(a.address.toUpperCase())).toBe(false);
  });
});

describe("post-quantum keys (@noble/post-quantum, same encodings as the Java BouncyCastle keys)", () => {
  it("ML-DSA signs deterministically and verifies", () => {
    const k = MlDsaSigner.fromPrivateKey("ml-dsa-44", new Uint8Array(32).fill(7));
    const msg = utf8("sign me");
    const sig = k.sign(msg);
    expect(sig).toHaveLength(2420);
    expect(k.publicKey).toHaveLength(1312);
    expect(toHex(k.sign(msg))).toBe(toHex(sig));
    expect(verifySignature("ml-dsa-44", k.publicKey, msg, sig)).toBe(true);
    expect(verifySignature("ml-dsa-44", k.publicKey, utf8("other"), sig)).toBe(false);
  });

  it("hybrid needs both halves", () => {
    const k = HybridSigner.fromPrivateKey(new Uint8Array(64).fill(3));
    const msg = utf8("m");
    const sig = k.sign(msg);
    expect(sig).toHaveLength(64 + 3309);
    expect(verifySignature("hybrid", k.publicKey, msg, sig)).toBe(true);
    const broken = sig.slice();
    broken[10]! ^= 1;
    expect(verifySignature("hybrid", k.publicKey, msg, broken)).toBe(false);
  });

  it("refuse wrong private key lengths", () => {
    expect(() => Ed25519Signer.fromPrivateKey(new Uint8Array(31))).toThrow("ed25519 private key must be 32 bytes, got 31");
    expect(() => MlDsaSigner.fromPrivateKey("ml-dsa-65", new Uint8Array(33))).toThrow("seed ξ");
  });
});
