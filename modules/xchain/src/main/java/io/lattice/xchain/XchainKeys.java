package io.lattice.xchain;

import io.lattice.proto.xchain.v1.Acknowledgement;
import io.lattice.proto.xchain.v1.ClientState;
import io.lattice.proto.xchain.v1.ConsensusState;
import io.lattice.proto.xchain.v1.Op;
import io.lattice.proto.xchain.v1.Packet;
import io.lattice.proto.xchain.v1.Params;
import io.lattice.runtime.state.Codec;
import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.Item;
import io.lattice.runtime.state.KeyCodec;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.state.Sequence;
import io.lattice.runtime.state.StateMap;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The {@code xchain} state layout (docs/spec/xchain.md §3; modules/xchain/README.md): the keys the
 * counterparty proves against, plus the light client, stored packets and op records. The static
 * {@code *Key} methods give the full state keys a relayer asks proofs for.
 */
public final class XchainKeys {
  public static final String NAME = "xchain";

  /** An 8-byte big-endian sequence or height key (ascending order = ascending number). */
  static final KeyCodec<Long> U64_KEY =
      new KeyCodec<>() {
        @Override
        public byte[] encode(Long key) {
          return ByteBuffer.allocate(8).putLong(key).array();
        }

        @Override
        public Long decode(byte[] bytes) {
          if (bytes.length != 8) {
            throw new IllegalStateException("corrupt 8-byte key of " + bytes.length + " bytes");
          }
          return ByteBuffer.wrap(bytes).getLong();
        }
      };

  static final Codec<byte[]> RAW =
      new Codec<>() {
        @Override
        public byte[] encode(byte[] value) {
          return value.clone();
        }

        @Override
        public byte[] decode(byte[] bytes) {
          return bytes.clone();
        }
      };

  static final int NEXT_SEND = 0x01;
  static final int COMMITMENT = 0x02;
  static final int RECEIPT = 0x03;
  static final int ACK = 0x04;
  static final int OP = 0x05;

  final Schema schema = new Schema(NAME);

  /** xchain.md §3: next sequence to send (stored value is the next one; 0 means 1). */
  final Sequence nextSend = schema.sequence(NEXT_SEND, "next_send");

  final StateMap<Long, byte[]> commitments = schema.map(COMMITMENT, "commitment", U64_KEY, RAW);
  final StateMap<Long, byte[]> receipts = schema.map(RECEIPT, "receipt", U64_KEY, RAW);
  final StateMap<Long, byte[]> acks = schema.map(ACK, "ack", U64_KEY, RAW);
  final StateMap<String, Op> ops =
      schema.map(OP, "op", Codecs.STRING_KEY, Codecs.proto(Op.parser()));

  /** The packet behind each commitment, so a relayer can rebuild it; deleted with it. */
  final StateMap<Long, Packet> packets =
      schema.map(0x06, "packet", U64_KEY, Codecs.proto(Packet.parser()));

  final Item<ClientState> client = schema.item(0x07, "client", Codecs.proto(ClientState.parser()));
  final StateMap<Long, ConsensusState> consensusStates =
      schema.map(0x08, "consensus_state", U64_KEY, Codecs.proto(ConsensusState.parser()));
  final Item<Params> params = schema.item(0x09, "params", Codecs.proto(Params.parser()));

  /** Ids of source-side operations still holding escrow (Pending), for the supply invariant. */
  final StateMap<String, byte[]> openOps = schema.map(0x0A, "open_op", Codecs.STRING_KEY, RAW);

  /**
   * The acknowledgement itself on the destination (only its hash is proven), so that a relayer can
   * rebuild MsgAcknowledgement from state; never deleted, like the receipt.
   */
  final StateMap<Long, Acknowledgement> ackData =
      schema.map(0x0B, "ack_data", U64_KEY, Codecs.proto(Acknowledgement.parser()));

  /** The full state key of the packet commitment {@code seq} (xchain.md §3). */
  public static byte[] commitmentKey(long seq) {
    return seqKey(COMMITMENT, seq);
  }

  /** The full state key of the receipt {@code seq}. */
  public static byte[] receiptKey(long seq) {
    return seqKey(RECEIPT, seq);
  }

  /** The full state key of the acknowledgement hash {@code seq}. */
  public static byte[] ackKey(long seq) {
    return seqKey(ACK, seq);
  }

  private static byte[] seqKey(int collection, long seq) {
    byte[] prefix = (NAME + "/").getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(prefix.length + 1 + 8)
        .put(prefix)
        .put((byte) collection)
        .putLong(seq)
        .array();
  }
}
