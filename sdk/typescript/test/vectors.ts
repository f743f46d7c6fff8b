import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { JsonObject } from "@bufbuild/protobuf";

/** The shared test-vector file at the repository root, also checked by the Java SharedTxVectorsTest. */
export const VECTOR_FILE = fileURLToPath(new URL("../../../testdata/tx-vectors.json", import.meta.url));

export interface SignerInput {
  mnemonic?: string;
  path?: string;
  algorithm?: string;
  private_key_hex?: string;
  account_number: string;
  sequence: string;
}

export interface TxVector {
  name: string;
  chain_id: string;
  signers: SignerInput[];
  messages: JsonObject[];
  fee: { amount: { denom: string; amount: string }[]; gas_limit: string };
  memo: string;
  timeout_height: string;
  expected: {
    signers: { address: string; public_key_hex: string }[];
    body_bytes_hex: string;
    auth_info_bytes_hex: string;
    sign_bytes_hex: string[];
    signatures_hex: string[];
    tx_bytes_hex: string;
    tx_hash_hex: string;
  };
}

export interface AddressVector {
  mnemonic: string;
  path: string;
  address: string;
  public_key_hex: string;
  private_key_hex: string;
}

export const vectors = JSON.parse(readFileSync(VECTOR_FILE, "utf8")) as {
  addresses: AddressVector[];
  vectors: TxVector[];
};
