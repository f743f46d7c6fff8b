import { Ed25519Signer } from "@lattice/sdk";
import { describe, expect, it } from "vitest";
import { checkAddress, checkAmount, checkChannelName, checkCommission, checkLockDays, checkUsername, formatLat, parseSearch } from "../src/lib/validate";

const MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
const address = Ed25519Signer.fromMnemonic(MNEMONIC).address;

describe("checkAddress", () => {
  it("accepts a real address and refuses each kind of mistake with its reason", () => {
    expect(checkAddress(` ${address} `)).toEqual({ ok: true, value: address });
    expect(checkAddress("")).toEqual({ ok: false, error: "address is required" });
    expect(checkAddress(address.toUpperCase())).toMatchObject({ ok: false, error: "address must be lower case" });
    expect(checkAddress("cosmos1abc")).toMatchObject({ ok: false, error: "address must start with lat1" });
    const flipped = address.slice(0, -1) + (address.endsWith("q") ? "p" : "q");
    expect(checkAddress(flipped)).toMatchObject({ ok: false });
    expect((checkAddress(flipped) as { error: string }).error).toContain("not a valid Lattice address");
  });
});

describe("checkAmount", () => {
  it("reads LAT with up to 6 decimals and ulat", () => {
    expect(checkAmount("1.5")).toEqual({ ok: true, value: 1_500_000n });
    expect(checkAmount("2 LAT")).toEqual({ ok: true, value: 2_000_000n });
    expect(checkAmount("0.000001")).toEqual({ ok: true, value: 1n });
    expect(checkAmount("500 ulat")).toEqual({ ok: true, value: 500n });
    expect(checkAmount("123456789012345678901234567890")).toEqual({ ok: true, value: 123456789012345678901234567890n * 1_000_000n });
  });
  it("refuses zero, negatives, junk, too many decimals and more than available", () => {
    expect(checkAmount("0")).toMatchObject({ ok: false, error: "amount must be greater than zero" });
    expect(checkAmount("-1")).toMatchObject({ ok: false });
    expect(checkAmount("1e6")).toMatchObject({ ok: false });
    expect(checkAmount("0.0000001")).toMatchObject({ ok: false, error: "at most 6 decimals (1 ulat = 0.000001 LAT)" });
    expect(checkAmount("")).toMatchObject({ ok: false, error: "amount is required" });
    expect(checkAmount("2", 1_000_000n)).toMatchObject({ ok: false, error: "amount exceeds the available 1 LAT" });
  });
  it("formats base units", () => {
    expect(formatLat(1_234_567n)).toBe("1.234567 LAT");
    expect(formatLat(5_000_000n)).toBe("5 LAT");
    expect(formatLat(0n)).toBe("0 LAT");
    expect(formatLat(1_000_000_000_000n)).toBe("1,000,000 LAT");
  });
});

describe("names", () => {
  it("username follows the identity module's rules", () => {
    expect(checkUsername("alice_1")).toEqual({ ok: true, value: "alice_1" });
    expect(checkUsername("al")).toMatchObject({ ok: false, error: "username must be at least 3 characters" });
    expect(checkUsername("1alice")).toMatchObject({ ok: false, error: "username must start with a letter" });
    expect(checkUsername("ali-ce")).toMatchObject({ ok: false });
    expect(checkUsername("a".repeat(33))).toMatchObject({ ok: false, error: "username must be at most 32 characters" });
    expect(checkUsername("élodie")).toMatchObject({ ok: false });
  });
  it("channel names follow the channels module's rules (lower-cased)", () => {
    expect(checkChannelName("General-1")).toEqual({ ok: true, value: "general-1" });
    expect(checkChannelName("ab")).toMatchObject({ ok: false });
    expect(checkChannelName("9lives")).toMatchObject({ ok: false });
    expect(checkChannelName("a b c")).toMatchObject({ ok: false });
  });
});

describe("staking inputs", () => {
  it("lock days become seconds", () => {
    expect(checkLockDays("0")).toEqual({ ok: true, value: 0n });
    expect(checkLockDays("2")).toEqual({ ok: true, value: 172_800n });
    expect(checkLockDays("1.5")).toMatchObject({ ok: false });
    expect(checkLockDays("4000")).toMatchObject({ ok: false });
  });
  it("commission percentages become the chain's decimal", () => {
    expect(checkCommission("5")).toEqual({ ok: true, value: "0.0500" });
    expect(checkCommission("7.25")).toEqual({ ok: true, value: "0.0725" });
    expect(checkCommission("100")).toEqual({ ok: true, value: "1.0000" });
    expect(checkCommission("100.01")).toMatchObject({ ok: false });
    expect(checkCommission("x")).toMatchObject({ ok: false });
  });
});

describe("parseSearch", () => {
  it("tells heights, hashes and addresses apart", () => {
    expect(parseSearch("42")).toEqual({ ok: true, value: { kind: "block", height: 42 } });
    const hash = "AB".repeat(32);
    expect(parseSearch(hash)).toEqual({ ok: true, value: { kind: "hash", hash: hash.toLowerCase() } });
    expect(parseSearch(address)).toEqual({ ok: true, value: { kind: "account", address } });
    expect(parseSearch("0")).toMatchObject({ ok: false });
    expect(parseSearch("hello")).toMatchObject({ ok: false });
    expect(parseSearch("lat1xyz")).toMatchObject({ ok: false });
  });
});
