package io.lattice.xchain.relayer;

import com.google.protobuf.Message;
import io.lattice.proto.consensus.v1.SignedHeader;
import io.lattice.proto.types.v1.ValidatorSet;
import io.lattice.proto.xchain.v1.Acknowledgement;
import io.lattice.proto.xchain.v1.Packet;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * One chain as a {@link Relayer} sees it: committed state through queries and proofs, light blocks,
 * and a funded key that signs transactions. The node implements it over REST ({@code GET
 * /v1/query/xchain/...}, {@code GET /v1/light/{height}}, {@code GET /v1/state/proof}, {@code POST
 * /v1/txs}); tests implement it in process. Methods may block on I/O; a relayer calls them from one
 * thread. {@link IOException} means the chain could not be reached or answered nonsense: the
 * relayer skips the round and tries again.
 */
public interface ChainEndpoint {
  /** This chain's id. */
  String chainId();

  /** The address that signs this endpoint's transactions (the {@code signer} field of messages). */
  String signer();

  /** The latest committed height. */
  long latestHeight() throws IOException;

  /**
   * Packets this chain sent whose commitment is still stored (not yet acknowledged or timed out),
   * at the latest height, ascending by sequence: query {@code xchain/packets}.
   */
  List<Packet> pendingPackets() throws IOException;

  /** This chain's light client of the counterparty: query {@code xchain/client}. */
  ClientStatus client() throws IOException;

  /**
   * The acknowledgement this chain wrote for received packet {@code sequence}, if it received it:
   * query {@code xchain/ack}.
   */
  Optional<Acknowledgement> acknowledgement(long sequence) throws IOException;

  /** The light block of {@code height}: {@code GET /v1/light/{height}}. */
  LightBlockData lightBlock(long height) throws IOException;

  /**
   * A proof of {@code key} in the state after block {@code height}: {@code GET /v1/state/proof}.
   */
  Proof proof(byte[] key, long height) throws IOException;

  /**
   * Signs each list of messages as one transaction (consecutive sequences of {@link #signer()}),
   * broadcasts them in order and waits until each is in a block or refused.
   *
   * @return one outcome per transaction, in order
   */
  List<TxOutcome> submit(List<List<Message>> txs) throws IOException;

  /** The light client's view: its latest verified height, and whether it is frozen. */
  record ClientStatus(String counterpartyChainId, long latestHeight, boolean frozen) {}

  /** A signed header with the validator sets of its height and of the next height. */
  record LightBlockData(SignedHeader signedHeader, ValidatorSet validators, ValidatorSet next) {
    public long height() {
      return signedHeader.getHeader().getHeight();
    }
  }

  /** A state proof: the value (empty for non-membership) and the StateProof encoding. */
  record Proof(Optional<byte[]> value, byte[] proof) {}

  /** A transaction's result: code 0 = success; otherwise codespace, code and the log's reason. */
  record TxOutcome(int code, String codespace, String log) {
    public boolean ok() {
      return code == 0;
    }
  }
}
