export * from "./address.js";
export * from "./bytes.js";
export * from "./keys.js";
export * from "./tx.js";
export * from "./errors.js";
export * from "./rest.js";
export * from "./events.js";
export * from "./e2e.js";
export * from "./clients/chain.js";
export * from "./clients/currency.js";
export * from "./clients/chat.js";
export * from "./clients/bridge.js";
export * from "./messages.js";
/** Generated message types, one namespace per proto package file (e.g. proto.lattice_bank_v1.MsgSendSchema). */
export * as proto from "./gen/index.js";
export { create, fromBinary, toBinary, fromJson, toJson } from "@bufbuild/protobuf";
