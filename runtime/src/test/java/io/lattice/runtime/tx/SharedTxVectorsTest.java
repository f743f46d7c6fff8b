package io.lattice.runtime.tx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.lattice.common.Hex;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.mnemonic.DerivationPath;
import io.lattice.crypto.mnemonic.Mnemonic;
import io.lattice.crypto.mnemonic.Slip10;
import io.lattice.proto.Canonical;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.tx.v1.TxRaw;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Java side of {@code testdata/tx-vectors.json}, the transaction test vectors that the
 * TypeScript SDK ({@code sdk/typescript/test/tx-vectors.test.ts}) checks too: every vector's keys
 * (from a mnemonic along a SLIP-10 path, or from a private key encoding), addresses, sign bytes,
 * signatures, TxRaw bytes and hash must come out of {@link TxBuilder} exactly as written.
 *
 * <p>The file was written by this class: {@code ./mvnw -o -q test -pl runtime
 * -Dtest=SharedTxVectorsTest -Dlattice.writeTxVectors=true} regenerates it from {@link #inputs}
 * (then commit it and run both suites). Messages are given as proto3 JSON with an {@code @type}.
 */
class SharedTxVectorsTest {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String MNEMONIC_12 =
      "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"
          + " about";
  private static final String MNEMONIC_18 =
      "letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount"
          + " doctor acoustic avoid letter always";
  private static final String MNEMONIC_24 =
      "legal winner thank year wave sausage worth useful legal winner thank year wave sausage"
          + " worth useful legal winner thank year wave sausage worth title";
  private static final String DEFAULT_PATH = DerivationPath.LATTICE_DEFAULT.toString();

  @Test
  void javaReproducesEveryVector() throws Exception {
    JsonNode file = MAPPER.readTree(vectorFile().toFile());
    assertThat(file.get("vectors")).hasSizeGreaterThanOrEqualTo(5);
    List<String> types = new ArrayList<>();
    for (JsonNode v : file.get("vectors")) {
      ObjectNode recomputed = expected(v);
      assertThat(recomputed).as("vector '%s'", v.get("name").asText()).isEqualTo(v.get("expected"));
      TxRaw raw =
          Canonical.decode(
              TxRaw.parser(),
              Hex.decode(v.get("expected").get("tx_bytes_hex").asText()),
              1 << 20,
              "tx");
      assertThat(raw.getSignaturesCount()).isEqualTo(v.get("signers").size());
      v.get("messages").forEach(m -> types.add(m.get("@type").asText()));
    }
    assertThat(types)
        .contains(
            "/lattice.bank.v1.MsgSend",
            "/lattice.bank.v1.MsgMultiSend",
            "/lattice.staking.v1.MsgDelegate");
  }

  @Test
  void everyMnemonicGivesTheKeyringsAddress() throws Exception {
    JsonNode file = MAPPER.readTree(vectorFile().toFile());
    assertThat(file.get("addresses")).isNotEmpty();
    for (JsonNode a : file.get("addresses")) {
      PrivateKeySigner key = fromMnemonic(a.get("mnemonic").asText(), a.get("path").asText());
      assertThat(key.publicKey().address().toString())
          .as("mnemonic '%s' at %s", a.get("mnemonic").asText(), a.get("path").asText())
          .isEqualTo(a.get("address").asText());
      assertThat(Hex.encode(key.publicKey().encoded())).isEqualTo(a.get("public_key_hex").asText());
      assertThat(Hex.encode(key.privateKey())).isEqualTo(a.get("private_key_hex").asText());
    }
  }

  @Test
  void alteredVectorIsDetected() throws Exception {
    JsonNode v = MAPPER.readTree(vectorFile().toFile()).get("vectors").get(0).deepCopy();
    ((ObjectNode) v).put("memo", v.get("memo").asText() + "!");
    assertThat(expected(v)).isNotEqualTo(v.get("expected"));
  }

  /** Regenerates the file; runs only with {@code -Dlattice.writeTxVectors=true}. */
  @Test
  void writeVectorsWhenAsked() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("lattice.writeTxVectors"));
    ObjectNode file = MAPPER.createObjectNode();
    file.put(
        "description",
        "Transaction test vectors shared by the Java runtime (SharedTxVectorsTest) and the"
            + " TypeScript SDK (sdk/typescript/test/tx-vectors.test.ts). Written by"
            + " SharedTxVectorsTest with -Dlattice.writeTxVectors=true. Signers: a BIP-39"
            + " mnemonic (empty passphrase) and SLIP-10 ed25519 path, or an algorithm and its"
            + " private key encoding (io.lattice.crypto.KeyPairs). 64-bit integers are decimal"
            + " strings; bytes are hex. Format: docs/spec/formats.md §2.");
    ArrayNode addresses = file.putArray("addresses");
    for (String[] mp :
        new String[][] {
          {MNEMONIC_12, DEFAULT_PATH},
          {MNEMONIC_18, DEFAULT_PATH},
          {MNEMONIC_24, DEFAULT_PATH},
          {MNEMONIC_24, DerivationPath.account(0, 1).toString()},
          {MNEMONIC_24, DerivationPath.account(7, 3).toString()},
          {"  Zoo zoo zoo zoo zoo  zoo zoo zoo zoo zoo zoo WRONG ", DEFAULT_PATH},
        }) {
      PrivateKeySigner key = fromMnemonic(mp[0], mp[1]);
      ObjectNode a = addresses.addObject();
      a.put("mnemonic", mp[0]);
      a.put("path", mp[1]);
      a.put("address", key.publicKey().address().toString());
      a.put("public_key_hex", Hex.encode(key.publicKey().encoded()));
      a.put("private_key_hex", Hex.encode(key.privateKey()));
    }
    ArrayNode vectors = file.putArray("vectors");
    for (ObjectNode v : inputs()) {
      v.set("expected", expected(v));
      vectors.add(v);
    }
    Files.writeString(vectorFile(), MAPPER.writeValueAsString(file) + "\n", StandardCharsets.UTF_8);
  }

  /** The inputs of every vector; addresses in the messages are the signers' own. */
  private static List<ObjectNode> inputs() throws Exception {
    ObjectNode a = mnemonicSigner(MNEMONIC_24, DEFAULT_PATH, 3, 5);
    ObjectNode b = mnemonicSigner(MNEMONIC_12, DEFAULT_PATH, 12, 0);
    ObjectNode c = mnemonicSigner(MNEMONIC_18, DerivationPath.account(0, 1).toString(), 0, 1);
    ObjectNode mlDsa =
        keySigner(KeyAlgorithm.ML_DSA_65, seed(0x20, 32), 4_294_967_296L, 9_007_199_254_740_993L);
    ObjectNode hybrid = keySigner(KeyAlgorithm.HYBRID, seed(0x40, 64), 1, 2);
    String addrA = address(a);
    String addrB = address(b);
    String addrC = address(c);
    String validator = address(mnemonicSigner(MNEMONIC_18, DEFAULT_PATH, 0, 0));

    List<ObjectNode> out = new ArrayList<>();
    out.add(
        vector(
            "bank MsgSend, ed25519 from a 24-word mnemonic",
            "lattice-currency-1",
            List.of(a),
            List.of(send(addrA, addrB, coins("ulat", "1000"))),
            coins("ulat", "2000"),
            200_000,
            "hello",
            0));
    ObjectNode multi = MAPPER.createObjectNode().put("@type", "/lattice.bank.v1.MsgMultiSend");
    ArrayNode ins = multi.putArray("inputs");
    ins.addObject().put("address", addrA).set("coins", coins("uatom", "7", "ulat", "50"));
    ins.addObject().put("address", addrB).set("coins", coins("ulat", "25"));
    ArrayNode outs = multi.putArray("outputs");
    outs.addObject().put("address", addrC).set("coins", coins("uatom", "7", "ulat", "70"));
    outs.addObject().put("address", addrA).set("coins", coins("ulat", "5"));
    out.add(
        vector(
            "bank MsgMultiSend, two ed25519 signers, fee of two denoms given unsorted",
            "lattice-currency-1",
            List.of(a, b),
            List.of(multi),
            coins("ulat", "3000", "uatom", "1"),
            300_000,
            "",
            0));
    ObjectNode delegate =
        MAPPER
            .createObjectNode()
            .put("@type", "/lattice.staking.v1.MsgDelegate")
            .put("delegator_address", addrC)
            .put("validator_address", validator)
            .put("lock_seconds", "604800");
    delegate.set("amount", coin("ulat", "123456789012345678901234567890"));
    out.add(
        vector(
            "staking MsgDelegate with a lock, amount above 2^64",
            "lattice-chat-1",
            List.of(c),
            List.of(delegate),
            coins("ulat", "3000"),
            300_000,
            "stake ✓ café 😀",
            0));
    ObjectNode withdraw =
        MAPPER
            .createObjectNode()
            .put("@type", "/lattice.distribution.v1.MsgWithdrawDelegatorReward")
            .put("delegator_address", addrC)
            .put("validator_address", validator);
    ObjectNode undelegate =
        MAPPER
            .createObjectNode()
            .put("@type", "/lattice.staking.v1.MsgUndelegate")
            .put("delegator_address", addrC)
            .put("validator_address", validator);
    undelegate.set("amount", coin("ulat", "1"));
    out.add(
        vector(
            "distribution MsgWithdrawDelegatorReward + staking MsgUndelegate, no fee, timeout"
                + " height",
            "lattice-chat-1",
            List.of(c),
            List.of(withdraw, undelegate),
            MAPPER.createArrayNode(),
            1,
            "",
            987_654_321L));
    out.add(
        vector(
            "bank MsgSend, ML-DSA-65 signer, account number and sequence above 2^32 and 2^53",
            "lattice-currency-1",
            List.of(mlDsa),
            List.of(send(address(mlDsa), addrA, coins("ulat", "1"))),
            coins("ulat", "2000"),
            200_000,
            "post-quantum",
            0));
    out.add(
        vector(
            "bank MsgSend, hybrid (ed25519 + ML-DSA-65) signer",
            "lattice-currency-1",
            List.of(hybrid),
            List.of(send(address(hybrid), addrB, coins("ulat", "42"))),
            coins("ulat", "2000"),
            200_000,
            "",
            0));
    ObjectNode register =
        MAPPER
            .createObjectNode()
            .put("@type", "/lattice.identity.v1.MsgRegister")
            .put("owner", addrA)
            .put("username", "Alice_01");
    ObjectNode keys = register.putObject("keys").put("identity_key", base64(seed(0x60, 32)));
    keys.putArray("prekeys").add(base64(seed(0x80, 32))).add(base64(seed(0xa0, 32)));
    ObjectNode channel =
        MAPPER
            .createObjectNode()
            .put("@type", "/lattice.channels.v1.MsgCreateChannel")
            .put("creator", addrA)
            .put("name", "general")
            .put("invite_only", true)
            .put("description", "everyone");
    ObjectNode post =
        MAPPER
            .createObjectNode()
            .put("@type", "/lattice.channels.v1.MsgPost")
            .put("author", addrA)
            .put("channel", "general")
            .put("content", "héllo 👋");
    out.add(
        vector(
            "chat chain: identity MsgRegister with prekeys, channels MsgCreateChannel and MsgPost",
            "lattice-chat-1",
            List.of(a),
            List.of(register, channel, post),
            coins("ulat", "3000"),
            300_000,
            "",
            0));
    JsonNode dm =
        MAPPER.readTree(repositoryRoot().resolve("docs/spec/messaging-e2e-vector.json").toFile());
    ObjectNode dmSigner =
        mnemonicSigner(dm.get("sender").get("mnemonic").asText(), DEFAULT_PATH, 9, 1);
    ObjectNode direct =
        MAPPER
            .createObjectNode()
            .put("@type", "/lattice.messaging.v1.MsgSendDirectMessage")
            .put("sender", dm.get("sender").get("address").asText())
            .put("recipient", dm.get("recipient").get("address").asText());
    direct
        .putObject("payload")
        .put("ephemeral_key", base64(Hex.decode(dm.get("ephemeral_key").asText())))
        .put("nonce", base64(Hex.decode(dm.get("nonce").asText())))
        .put("ciphertext", base64(Hex.decode(dm.get("ciphertext").asText())))
        .put(
            "recipient_key",
            base64(Hex.decode(dm.get("recipient").get("identity_public_key").asText())));
    out.add(
        vector(
            "messaging MsgSendDirectMessage carrying the lattice-dm-v1 vector's payload"
                + " (docs/spec/messaging-e2e-vector.json), signed by its sender",
            "lattice-chat-1",
            List.of(dmSigner),
            List.of(direct),
            coins("ulat", "3000"),
            300_000,
            "",
            0));
    ObjectNode withStake =
        MAPPER
            .createObjectNode()
            .put("@type", "/lattice.xchain.v1.MsgRegisterWithStake")
            .put("owner", addrB)
            .put("username", "bob");
    withStake.putObject("keys").put("identity_key", base64(seed(0x11, 32)));
    withStake.set("stake", coin("ulat", "1000000"));
    withStake.put("validator", validator).put("lock_seconds", "2592000");
    out.add(
        vector(
            "xchain MsgRegisterWithStake (atomic username + locked stake)",
            "lattice-currency-1",
            List.of(b),
            List.of(withStake),
            coins("ulat", "4000"),
            400_000,
            "",
            0));
    return out;
  }

  /** Recomputes a vector's expected outputs from its inputs with the Java builder. */
  private static ObjectNode expected(JsonNode v) throws Exception {
    String chainId = v.get("chain_id").asText();
    TxBuilder builder =
        TxBuilder.forChain(chainId)
            .memo(v.get("memo").asText())
            .gasLimit(Long.parseUnsignedLong(v.get("fee").get("gas_limit").asText()))
            .timeoutHeight(Long.parseUnsignedLong(v.get("timeout_height").asText()));
    List<Coin> fee = new ArrayList<>();
    for (JsonNode c : v.get("fee").get("amount")) {
      fee.add(
          Coin.newBuilder()
              .setDenom(c.get("denom").asText())
              .setAmount(c.get("amount").asText())
              .build());
    }
    builder.fee(fee);
    for (JsonNode m : v.get("messages")) {
      Message msg = messageFromJson(m);
      builder.addMessage(msg);
    }
    List<PrivateKeySigner> keys = new ArrayList<>();
    List<Long> accountNumbers = new ArrayList<>();
    for (JsonNode s : v.get("signers")) {
      PrivateKeySigner key = signerOf(s);
      long accountNumber = Long.parseUnsignedLong(s.get("account_number").asText());
      builder.signer(key, accountNumber, Long.parseUnsignedLong(s.get("sequence").asText()));
      keys.add(key);
      accountNumbers.add(accountNumber);
    }
    TxRaw raw = builder.build();
    ObjectNode e = MAPPER.createObjectNode();
    ArrayNode signers = e.putArray("signers");
    for (PrivateKeySigner key : keys) {
      signers
          .addObject()
          .put("address", key.publicKey().address().toString())
          .put("public_key_hex", Hex.encode(key.publicKey().encoded()));
    }
    e.put("body_bytes_hex", Hex.encode(raw.getBodyBytes().toByteArray()));
    e.put("auth_info_bytes_hex", Hex.encode(raw.getAuthInfoBytes().toByteArray()));
    ArrayNode docs = e.putArray("sign_bytes_hex");
    ArrayNode sigs = e.putArray("signatures_hex");
    for (int i = 0; i < keys.size(); i++) {
      byte[] doc =
          TxBuilder.signDoc(
              raw.getBodyBytes(), raw.getAuthInfoBytes(), chainId, accountNumbers.get(i));
      byte[] sig = raw.getSignatures(i).toByteArray();
      assertThat(keys.get(i).publicKey().verify(doc, sig)).isTrue();
      docs.add(Hex.encode(doc));
      sigs.add(Hex.encode(sig));
    }
    e.put("tx_bytes_hex", Hex.encode(raw.toByteArray()));
    e.put("tx_hash_hex", Hex.encode(TxBuilder.hash(raw)));
    return e;
  }

  private static PrivateKeySigner signerOf(JsonNode s) throws Exception {
    if (s.has("mnemonic")) {
      return fromMnemonic(s.get("mnemonic").asText(), s.get("path").asText());
    }
    return KeyPairs.fromPrivateKey(
        KeyAlgorithm.fromId(s.get("algorithm").asText()),
        Hex.decode(s.get("private_key_hex").asText()));
  }

  /** What the keyring's recover does: BIP-39 seed (empty passphrase), SLIP-10 along the path. */
  private static PrivateKeySigner fromMnemonic(String words, String path) throws Exception {
    byte[] seed = Mnemonic.parse(words).toSeed("");
    return KeyPairs.fromPrivateKey(
        KeyAlgorithm.ED25519, Slip10.ed25519PrivateKey(seed, DerivationPath.parse(path)));
  }

  /**
   * A message from proto3 JSON with "@type": the class is found by the proto convention
   * (java_package io.lattice.proto.&lt;m&gt;.v1, one file per message).
   */
  private static Message messageFromJson(JsonNode json) throws Exception {
    String typeUrl = json.get("@type").asText();
    String fullName = typeUrl.substring(1);
    String[] parts = fullName.split("\\.");
    String className =
        "io.lattice.proto."
            + String.join(".", List.of(parts).subList(1, parts.length - 1))
            + "."
            + parts[parts.length - 1];
    Message prototype =
        (Message) Class.forName(className).getMethod("getDefaultInstance").invoke(null);
    assertThat(prototype.getDescriptorForType().getFullName()).isEqualTo(fullName);
    Message.Builder b = prototype.newBuilderForType();
    fill(b, json);
    return b.build();
  }

  private static void fill(Message.Builder b, JsonNode json) {
    Iterator<Map.Entry<String, JsonNode>> it = json.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getKey().equals("@type")) {
        continue;
      }
      FieldDescriptor f = b.getDescriptorForType().findFieldByName(entry.getKey());
      if (f == null) {
        f =
            b.getDescriptorForType().getFields().stream()
                .filter(d -> d.getJsonName().equals(entry.getKey()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown field " + entry.getKey()));
      }
      if (f.isRepeated()) {
        for (JsonNode item : entry.getValue()) {
          b.addRepeatedField(f, value(b, f, item));
        }
      } else {
        b.setField(f, value(b, f, entry.getValue()));
      }
    }
  }

  private static Object value(Message.Builder parent, FieldDescriptor f, JsonNode v) {
    return switch (f.getJavaType()) {
      case STRING -> v.asText();
      case BOOLEAN -> v.asBoolean();
      case INT -> Integer.parseInt(v.asText());
      case LONG -> new BigInteger(v.asText()).longValue();
      case BYTE_STRING -> ByteString.copyFrom(Base64.getDecoder().decode(v.asText()));
      case ENUM -> {
        EnumValueDescriptor e = f.getEnumType().findValueByName(v.asText());
        if (e == null) {
          throw new IllegalArgumentException("unknown enum value " + v.asText());
        }
        yield e;
      }
      case MESSAGE -> {
        Message.Builder child = parent.newBuilderForField(f);
        fill(child, v);
        yield child.build();
      }
      default -> throw new IllegalArgumentException("unsupported field type " + f.getJavaType());
    };
  }

  private static ObjectNode vector(
      String name,
      String chainId,
      List<ObjectNode> signers,
      List<ObjectNode> messages,
      ArrayNode fee,
      long gasLimit,
      String memo,
      long timeoutHeight) {
    ObjectNode v = MAPPER.createObjectNode().put("name", name).put("chain_id", chainId);
    v.putArray("signers").addAll(signers);
    v.putArray("messages").addAll(messages);
    ObjectNode f = v.putObject("fee");
    f.set("amount", fee);
    f.put("gas_limit", Long.toString(gasLimit));
    v.put("memo", memo);
    v.put("timeout_height", Long.toString(timeoutHeight));
    return v;
  }

  private static ObjectNode mnemonicSigner(
      String words, String path, long accountNumber, long sequence) {
    return MAPPER
        .createObjectNode()
        .put("mnemonic", words)
        .put("path", path)
        .put("account_number", Long.toUnsignedString(accountNumber))
        .put("sequence", Long.toUnsignedString(sequence));
  }

  private static ObjectNode keySigner(
      KeyAlgorithm algorithm, byte[] privateKey, long accountNumber, long sequence) {
    return MAPPER
        .createObjectNode()
        .put("algorithm", algorithm.id())
        .put("private_key_hex", Hex.encode(privateKey))
        .put("account_number", Long.toUnsignedString(accountNumber))
        .put("sequence", Long.toUnsignedString(sequence));
  }

  private static String address(ObjectNode signer) throws Exception {
    return signerOf(signer).publicKey().address().toString();
  }

  private static byte[] seed(int first, int length) {
    byte[] s = new byte[length];
    for (int i = 0; i < length; i++) {
      s[i] = (byte) (first + i);
    }
    return s;
  }

  private static ObjectNode send(String from, String to, ArrayNode amount) {
    ObjectNode m =
        MAPPER
            .createObjectNode()
            .put("@type", "/lattice.bank.v1.MsgSend")
            .put("from_address", from)
            .put("to_address", to);
    m.set("amount", amount);
    return m;
  }

  private static ObjectNode coin(String denom, String amount) {
    return MAPPER.createObjectNode().put("denom", denom).put("amount", amount);
  }

  private static ArrayNode coins(String... denomAmount) {
    ArrayNode a = MAPPER.createArrayNode();
    for (int i = 0; i < denomAmount.length; i += 2) {
      a.add(coin(denomAmount[i], denomAmount[i + 1]));
    }
    return a;
  }

  /** {@code testdata/tx-vectors.json} at the repository root. */
  private static Path vectorFile() throws IOException {
    return repositoryRoot().resolve("testdata").resolve("tx-vectors.json");
  }

  /** The repository root: the first directory above the module with testdata/ and mvnw. */
  private static Path repositoryRoot() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("testdata")) && Files.exists(dir.resolve("mvnw"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IOException("no testdata/ folder above " + Path.of("").toAbsolutePath());
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
