package io.lattice.node.chain;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.consensus.BlockCommitted;
import io.lattice.consensus.BlockLedger;
import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.Hashes;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PublicKey;
import io.lattice.proto.tx.v1.AuthInfo;
import io.lattice.proto.tx.v1.SignerInfo;
import io.lattice.proto.tx.v1.TxRaw;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.Event;
import io.lattice.proto.types.v1.EventAttribute;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.Keys;
import io.lattice.storage.WriteBatch;
import io.lattice.storage.block.BlockStore;
import io.lattice.storage.block.TxIndexEntry;
import io.lattice.storage.block.TxLocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The committed chain as the engine's {@link BlockLedger} and the API's source of blocks and
 * transactions: an adapter over the storage module's {@link BlockStore} (blocks, hashes, commits,
 * results, transaction index by hash and by account) plus the app hash after each block, under
 * {@code b/a/<height>}. Everything for one block is staged into the engine's batch, so block,
 * indexes and state become durable in one write.
 *
 * <p>An account is indexed for a transaction when it signed it (its signer keys) or appears as an
 * address in the transaction's result events (sender, recipient, fee payer, …). Thread-safe: reads
 * go straight to the store.
 */
public final class StoredChain implements BlockLedger {
  private static final byte[] APP_HASH = "b/a/".getBytes(StandardCharsets.US_ASCII);

  private final KeyValueStore db;
  private final BlockStore blocks;
  private volatile long earliest;

  public StoredChain(KeyValueStore db) {
    this.db = db;
    this.blocks = new BlockStore(db);
  }

  private static byte[] appHashKey(long height) {
    return Keys.concat(APP_HASH, ByteBuffer.allocate(8).putLong(height).array());
  }

  @Override
  public long latestHeight() {
    return blocks.latestHeight();
  }

  /**
   * As {@link BlockLedger#earliestHeight}, searched on block hashes (no block is decoded) once: it
   * does not change after the first block is stored.
   */
  @Override
  public long earliestHeight() {
    long known = earliest;
    if (known > 0) {
      return known;
    }
    long first = BlockLedger.firstStored(latestHeight(), h -> blocks.blockHash(h).isPresent());
    earliest = first;
    return first;
  }

  @Override
  public Optional<Block> block(long height) {
    return blocks.block(height).map(v -> parse(v, Block.parser(), "block", height));
  }

  @Override
  public Optional<Commit> commit(long height) {
    return blocks
        .commit(height)
        .filter(v -> v.length > 0)
        .map(v -> parse(v, Commit.parser(), "commit", height));
  }

  @Override
  public Optional<List<TxResult>> results(long height) {
    return blocks.results(height).map(v -> decodeResults(v, height));
  }

  @Override
  public Optional<byte[]> appHash(long height) {
    return db.get(appHashKey(height));
  }

  public Optional<TxLocation> txLocation(byte[] txHash) {
    return blocks.tx(txHash);
  }

  /** Transactions involving {@code address} (bech32), newest first. */
  public List<TxLocation> txsByAccount(String address, int limit) {
    List<TxLocation> out = new ArrayList<>();
    for (byte[] hash : blocks.txHashesByAccount(address, limit)) {
      blocks.tx(hash).ifPresent(out::add);
    }
    return out;
  }

  @Override
  public void stage(WriteBatch batch, BlockCommitted committed) {
    long h = committed.height();
    Block block = committed.block();
    List<TxIndexEntry> index = new ArrayList<>(block.getData().getTxsCount());
    for (int i = 0; i < block.getData().getTxsCount(); i++) {
      byte[] tx = block.getData().getTxs(i).toByteArray();
      TxResult result = i < committed.results().size() ? committed.results().get(i) : null;
      index.add(
          new TxIndexEntry(
              Hashes.sha256(tx),
              i,
              accountsOf(tx, result).stream().map(Address::toString).toList()));
    }
    blocks.stageBlock(
        batch,
        h,
        committed.hash(),
        block.toByteArray(),
        committed.commit().toByteArray(),
        encodeResults(committed.results()),
        index);
    batch.put(appHashKey(h), committed.appHash());
  }

  /** Signers (from the auth info's keys) and every address named in the result's events. */
  static Set<Address> accountsOf(byte[] tx, TxResult result) {
    TreeSet<Address> out = new TreeSet<>();
    try {
      TxRaw raw = TxRaw.parseFrom(tx);
      AuthInfo auth = AuthInfo.parseFrom(raw.getAuthInfoBytes());
      boolean verified = result != null && result.getCode() == 0;
      for (SignerInfo s : auth.getSignerInfosList()) {
        try {
          KeyAlgorithm algorithm = KeyAlgorithm.fromId(s.getPublicKey().getAlgorithm());
          byte[] key = s.getPublicKey().getKey().toByteArray();
          // A successful transaction's keys were decoded and its signatures verified by the
          // application: hash them to their address without decoding them again (a full
          // ed25519 point validation per signer was a sixth of a block's CPU time).
          out.add(
              verified ? addressOf(algorithm, key) : PublicKey.decode(algorithm, key).address());
        } catch (CryptoException notAKey) {
          // A transaction with a bad key is indexed by its event addresses only.
        }
      }
    } catch (InvalidProtocolBufferException undecodable) {
      // Undecodable transactions (rejected in the block) have no signers to index.
    }
    if (result != null) {
      for (Event e : result.getEventsList()) {
        for (EventAttribute attr : e.getAttributesList()) {
          String v = attr.getValue();
          int slash = v.indexOf('/');
          String candidate = slash > 0 ? v.substring(0, slash) : v;
          if (candidate.startsWith(Address.HRP + "1")) {
            try {
              out.add(Address.parse(candidate));
            } catch (CryptoException notAnAddress) {
              // Values that merely look like addresses are not indexed.
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * The address of a public key, as {@code PublicKey.address()} derives it: the first 20 bytes of
   * SHA-256(algorithm id ‖ 0x00 ‖ raw key); for keys already validated.
   */
  static Address addressOf(KeyAlgorithm algorithm, byte[] rawKey) throws CryptoException {
    byte[] digest =
        Hashes.sha256(algorithm.id().getBytes(StandardCharsets.UTF_8), new byte[] {0}, rawKey);
    return Address.fromBytes(Arrays.copyOf(digest, Address.LENGTH));
  }

  private static byte[] encodeResults(List<TxResult> results) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      for (TxResult r : results) {
        out.writeMessage(1, r);
      }
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException("encoding results in memory failed", e);
    }
    return bytes.toByteArray();
  }

  private static List<TxResult> decodeResults(byte[] bytes, long height) {
    List<TxResult> out = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    try {
      while (!in.isAtEnd()) {
        int tag = in.readTag();
        if (tag != ((1 << 3) | 2)) {
          throw new IllegalStateException("stored results of block " + height + " are corrupt");
        }
        out.add(TxResult.parseFrom(in.readBytes()));
      }
    } catch (IOException e) {
      throw new IllegalStateException("stored results of block " + height + " are corrupt", e);
    }
    return out;
  }

  private static <T> T parse(
      byte[] bytes, com.google.protobuf.Parser<T> parser, String what, long height) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored " + what + " " + height + " is corrupt", e);
    }
  }
}
