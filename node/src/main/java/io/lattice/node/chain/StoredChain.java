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
import io.lattice.storage.KeyValueIterator;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.Keys;
import io.lattice.storage.WriteBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The committed chain in the node's key-value store, under the prefix {@code b/}: the engine's
 * {@link BlockLedger} plus the transaction indexes the API reads. Everything for one block is
 * staged into the engine's batch, so blocks, indexes and state become durable in one write.
 *
 * <pre>
 * b/latest                          → latest height (8 bytes, big-endian)
 * b/h/&lt;height&gt;                      → Block (canonical encoding)
 * b/c/&lt;height&gt;                      → Commit that decided the block
 * b/r/&lt;height&gt;                      → the block's TxResults (as repeated field 1)
 * b/a/&lt;height&gt;                      → app hash after the block
 * b/t/&lt;sha256(tx)&gt;                  → height (8) ‖ index (4)
 * b/x/&lt;address 20&gt;&lt;~height 8&gt;&lt;~index 4&gt; → empty (account index, newest first)
 * </pre>
 *
 * Heights are 8-byte big-endian; {@code ~} is the bitwise complement so that ascending scans list
 * the newest entries first. An account is indexed for a transaction when it signed it (its signer
 * keys) or appears as an address in the transaction's result events (sender, recipient, fee payer,
 * …). Thread-safe: reads go straight to the store.
 */
public final class StoredChain implements BlockLedger {
  private static final byte[] LATEST = bytes("b/latest");
  private static final byte[] BLOCK = bytes("b/h/");
  private static final byte[] COMMIT = bytes("b/c/");
  private static final byte[] RESULTS = bytes("b/r/");
  private static final byte[] APP_HASH = bytes("b/a/");
  private static final byte[] TX = bytes("b/t/");
  private static final byte[] ACCOUNT = bytes("b/x/");

  private final KeyValueStore db;

  public StoredChain(KeyValueStore db) {
    this.db = db;
  }

  /** Where a committed transaction is. */
  public record TxLocation(long height, int index) {}

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] height(byte[] prefix, long height) {
    return Keys.concat(prefix, ByteBuffer.allocate(8).putLong(height).array());
  }

  @Override
  public long latestHeight() {
    return db.get(LATEST).map(v -> ByteBuffer.wrap(v).getLong()).orElse(0L);
  }

  @Override
  public Optional<Block> block(long height) {
    return db.get(height(BLOCK, height)).map(v -> parse(v, Block.parser(), "block", height));
  }

  @Override
  public Optional<Commit> commit(long height) {
    return db.get(height(COMMIT, height)).map(v -> parse(v, Commit.parser(), "commit", height));
  }

  @Override
  public Optional<List<TxResult>> results(long height) {
    return db.get(height(RESULTS, height)).map(v -> decodeResults(v, height));
  }

  @Override
  public Optional<byte[]> appHash(long height) {
    return db.get(height(APP_HASH, height));
  }

  public Optional<TxLocation> txLocation(byte[] txHash) {
    return db.get(Keys.concat(TX, txHash))
        .map(v -> {
          ByteBuffer b = ByteBuffer.wrap(v);
          return new TxLocation(b.getLong(), b.getInt());
        });
  }

  /** Transactions involving {@code address} (bech32), newest first; empty for a bad address. */
  public List<TxLocation> txsByAccount(String address, int limit) {
    Address a;
    try {
      a = Address.parse(address);
    } catch (CryptoException e) {
      return List.of();
    }
    List<TxLocation> out = new ArrayList<>();
    try (KeyValueIterator it = db.scanPrefix(Keys.concat(ACCOUNT, a.bytes()))) {
      while (it.hasNext() && out.size() < limit) {
        ByteBuffer k = ByteBuffer.wrap(it.next().key());
        k.position(ACCOUNT.length + Address.LENGTH);
        out.add(new TxLocation(~k.getLong(), ~k.getInt()));
      }
    }
    return out;
  }

  @Override
  public void stage(WriteBatch batch, BlockCommitted committed) {
    long h = committed.height();
    Block block = committed.block();
    batch.put(height(BLOCK, h), block.toByteArray());
    batch.put(height(COMMIT, h), committed.commit().toByteArray());
    batch.put(height(RESULTS, h), encodeResults(committed.results()));
    batch.put(height(APP_HASH, h), committed.appHash());
    for (int i = 0; i < block.getData().getTxsCount(); i++) {
      byte[] tx = block.getData().getTxs(i).toByteArray();
      batch.put(
          Keys.concat(TX, Hashes.sha256(tx)), ByteBuffer.allocate(12).putLong(h).putInt(i).array());
      TxResult result = i < committed.results().size() ? committed.results().get(i) : null;
      for (Address a : accountsOf(tx, result)) {
        batch.put(
            Keys.concat(ACCOUNT, a.bytes(), ByteBuffer.allocate(12).putLong(~h).putInt(~i).array()),
            new byte[0]);
      }
    }
    batch.put(LATEST, ByteBuffer.allocate(8).putLong(h).array());
  }

  /** Signers (from the auth info's keys) and every address named in the result's events. */
  static Set<Address> accountsOf(byte[] tx, TxResult result) {
    TreeSet<Address> out = new TreeSet<>();
    try {
      TxRaw raw = TxRaw.parseFrom(tx);
      AuthInfo auth = AuthInfo.parseFrom(raw.getAuthInfoBytes());
      for (SignerInfo s : auth.getSignerInfosList()) {
        try {
          out.add(
              PublicKey.decode(
                      KeyAlgorithm.fromId(s.getPublicKey().getAlgorithm()),
                      s.getPublicKey().getKey().toByteArray())
                  .address());
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
