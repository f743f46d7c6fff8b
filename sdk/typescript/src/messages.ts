import type { JsonObject } from "@bufbuild/protobuf";
import { toBase64 } from "./bytes.js";
import type { EncryptedPayload } from "./e2e.js";

/**
 * The messages the clients send, as proto3 JSON with `@type` (TxBuilder.addMessage and
 * messageFromJson take them). Kept as JSON rather than generated classes so that a field added
 * to a .proto by another module does not break the SDK's build.
 */
const c = (denom: string, amount: bigint): JsonObject => ({ denom, amount: amount.toString() });

export const msgs = {
  send: (from: string, to: string, amount: bigint, denom: string): JsonObject => ({
    "@type": "/lattice.bank.v1.MsgSend",
    from_address: from,
    to_address: to,
    amount: [c(denom, amount)],
  }),
  delegate: (delegator: string, validator: string, amount: bigint, denom: string, lockSeconds = 0n): JsonObject => ({
    "@type": "/lattice.staking.v1.MsgDelegate",
    delegator_address: delegator,
    validator_address: validator,
    amount: c(denom, amount),
    ...(lockSeconds > 0n ? { lock_seconds: lockSeconds.toString() } : {}),
  }),
  undelegate: (delegator: string, validator: string, amount: bigint, denom: string): JsonObject => ({
    "@type": "/lattice.staking.v1.MsgUndelegate",
    delegator_address: delegator,
    validator_address: validator,
    amount: c(denom, amount),
  }),
  withdrawRewards: (delegator: string, validator: string): JsonObject => ({
    "@type": "/lattice.distribution.v1.MsgWithdrawDelegatorReward",
    delegator_address: delegator,
    validator_address: validator,
  }),
  register: (owner: string, username: string, identityKey: Uint8Array): JsonObject => ({
    "@type": "/lattice.identity.v1.MsgRegister",
    owner,
    username,
    keys: { identity_key: toBase64(identityKey), prekeys: [] },
  }),
  directMessage: (sender: string, recipient: string, p: EncryptedPayload): JsonObject => ({
    "@type": "/lattice.messaging.v1.MsgSendDirectMessage",
    sender,
    recipient,
    payload: {
      ephemeral_key: toBase64(p.ephemeralKey),
      nonce: toBase64(p.nonce),
      ciphertext: toBase64(p.ciphertext),
      recipient_key: toBase64(p.recipientKey),
    },
  }),
  createChannel: (creator: string, name: string, inviteOnly: boolean, description: string): JsonObject => ({
    "@type": "/lattice.channels.v1.MsgCreateChannel",
    creator,
    name,
    invite_only: inviteOnly,
    description,
  }),
  joinChannel: (member: string, channel: string): JsonObject => ({ "@type": "/lattice.channels.v1.MsgJoinChannel", member, channel }),
  leaveChannel: (member: string, channel: string): JsonObject => ({ "@type": "/lattice.channels.v1.MsgLeaveChannel", member, channel }),
  post: (author: string, channel: string, content: string): JsonObject => ({ "@type": "/lattice.channels.v1.MsgPost", author, channel, content }),
  registerWithStake: (owner: string, username: string, identityKey: Uint8Array, stake: bigint, denom: string, validator: string, lockSeconds = 0n): JsonObject => ({
    "@type": "/lattice.xchain.v1.MsgRegisterWithStake",
    owner,
    username,
    keys: { identity_key: toBase64(identityKey), prekeys: [] },
    stake: c(denom, stake),
    validator,
    ...(lockSeconds > 0n ? { lock_seconds: lockSeconds.toString() } : {}),
  }),
  createChannelWithFee: (owner: string, name: string, inviteOnly: boolean, fee: bigint, denom: string): JsonObject => ({
    "@type": "/lattice.xchain.v1.MsgCreateChannelWithFee",
    owner,
    name,
    invite_only: inviteOnly,
    fee: c(denom, fee),
  }),
};
