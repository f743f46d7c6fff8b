package io.lattice.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.common.Hex;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks ed25519 and secp256k1 against Node's built-in {@code crypto} (OpenSSL), which nobody
 * here wrote. Both directions: Node derives keys and signs, Java verifies; Java signs, Node
 * verifies. Keys travel as hex (ed25519 seeds through a PKCS#8 DER prefix, secp256k1 through ECDH
 * and JWK). Skipped, not failed, when {@code node} is not on the PATH.
 */
class NodeSignatureCrossCheckTest {
  private static final ObjectMapper JSON = NodeJs.JSON;
  private static final int CASES = 24;

  private static final String SCRIPT =
      """
      const c = require('crypto');
      const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
      const hex = (b) => Buffer.from(b).toString('hex');
      const buf = (h) => Buffer.from(h, 'hex');
      const edPkcs8 = (seed) => c.createPrivateKey({key: Buffer.concat([buf('302e020100300506032b657004220420'), buf(seed)]), format: 'der', type: 'pkcs8'});
      const edRaw = (pub) => pub.export({format: 'der', type: 'spki'}).subarray(-32);
      const k1Key = (d) => {
        const ecdh = c.createECDH('secp256k1');
        ecdh.setPrivateKey(buf(d));
        const un = ecdh.getPublicKey();
        const jwk = {kty: 'EC', crv: 'secp256k1', d: buf(d).toString('base64url'),
                     x: un.subarray(1, 33).toString('base64url'), y: un.subarray(33).toString('base64url')};
        return {priv: c.createPrivateKey({key: jwk, format: 'jwk'}), compressed: ecdh.getPublicKey(null, 'compressed')};
      };
      const p1363 = {dsaEncoding: 'ieee-p1363'};
      const out = {ed: [], k1: [], nodeEd: [], nodeK1: []};
      for (const t of input.ed) {
        const priv = edPkcs8(t.seed);
        const pub = c.createPublicKey(priv);
        out.ed.push({pub: hex(edRaw(pub)), sig: hex(c.sign(null, buf(t.msg), priv)),
                     javaOk: c.verify(null, buf(t.msg), pub, buf(t.javaSig)),
                     tamperedOk: c.verify(null, buf(t.msg), pub, buf(t.tamperedSig))});
      }
      for (const t of input.k1) {
        const k = k1Key(t.d);
        const pub = c.createPublicKey(k.priv);
        out.k1.push({pub: hex(k.compressed), sig: hex(c.sign('sha256', buf(t.msg), {key: k.priv, ...p1363})),
                     javaOk: c.verify('sha256', buf(t.msg), {key: pub, ...p1363}, buf(t.javaSig)),
                     tamperedOk: c.verify('sha256', buf(t.msg), {key: pub, ...p1363}, buf(t.tamperedSig))});
      }
      for (const m of input.messages) {
        const e = c.generateKeyPairSync('ed25519');
        out.nodeEd.push({pub: hex(edRaw(e.publicKey)), msg: m, sig: hex(c.sign(null, buf(m), e.privateKey))});
        const k = c.generateKeyPairSync('ec', {namedCurve: 'secp256k1'});
        const jwk = k.publicKey.export({format: 'jwk'});
        const un = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
        out.nodeK1.push({pub: hex(un), msg: m, sig: hex(c.sign('sha256', buf(m), {key: k.privateKey, ...p1363}))});
      }
      process.stdout.write(JSON.stringify(out));
      """;

  @Test
  void ed25519AndSecp256k1AgreeWithNodeCrypto() throws Exception {
    assumeTrue(NodeJs.available(), "node is not on the PATH; skipping the Node crypto cross-check");
    Random random = new Random(20_26);
    ObjectNode input = JSON.createObjectNode();
    ArrayNode ed = input.putArray("ed");
    ArrayNode k1 = input.putArray("k1");
    ArrayNode messages = input.putArray("messages");
    PrivateKeySigner[] edSigners = new PrivateKeySigner[CASES];
    PrivateKeySigner[] k1Signers = new PrivateKeySigner[CASES];
    byte[][] msgs = new byte[CASES][];
    for (int i = 0; i < CASES; i++) {
      msgs[i] = new byte[i == 0 ? 0 : random.nextInt(300)];
      random.nextBytes(msgs[i]);
      edSigners[i] = KeyPairs.generate(KeyAlgorithm.ED25519, TestData.seededRandom(1000 + i));
      k1Signers[i] = KeyPairs.generate(KeyAlgorithm.SECP256K1, TestData.seededRandom(2000 + i));
      byte[] edSig = edSigners[i].sign(msgs[i]);
      byte[] k1Sig = k1Signers[i].sign(msgs[i]);
      ed.addObject()
          .put("seed", Hex.encode(edSigners[i].privateKey()))
          .put("msg", Hex.encode(msgs[i]))
          .put("javaSig", Hex.encode(edSig))
          .put("tamperedSig", Hex.encode(TestData.flipBit(edSig, 7 + i)));
      k1.addObject()
          .put("d", Hex.encode(k1Signers[i].privateKey()))
          .put("msg", Hex.encode(msgs[i]))
          .put("javaSig", Hex.encode(k1Sig))
          .put("tamperedSig", Hex.encode(TestData.flipBit(k1Sig, 300 + i)));
      messages.add(Hex.encode(msgs[i]));
    }

    JsonNode out = NodeJs.run(SCRIPT, JSON.writeValueAsBytes(input));

    int nodeHighS = 0;
    for (int i = 0; i < CASES; i++) {
      JsonNode e = out.get("ed").get(i);
      assertThat(e.get("pub").asText())
          .as("ed25519 public key from the same seed")
          .isEqualTo(Hex.encode(edSigners[i].publicKey().encoded()));
      assertThat(e.get("sig").asText())
          .as("ed25519 signatures are deterministic: identical")
          .isEqualTo(Hex.encode(edSigners[i].sign(msgs[i])));
      assertThat(edSigners[i].publicKey().verify(msgs[i], Hex.decode(e.get("sig").asText())))
          .isTrue();
      assertThat(e.get("javaOk").asBoolean()).as("Node verifies Java's ed25519 signature").isTrue();
      assertThat(e.get("tamperedOk").asBoolean()).as("Node rejects a tampered one").isFalse();

      JsonNode k = out.get("k1").get(i);
      assertThat(k.get("pub").asText())
          .as("secp256k1 public key from the same scalar")
          .isEqualTo(Hex.encode(k1Signers[i].publicKey().encoded()));
      assertThat(k.get("javaOk").asBoolean())
          .as("Node verifies Java's secp256k1 signature")
          .isTrue();
      assertThat(k.get("tamperedOk").asBoolean()).as("Node rejects a tampered one").isFalse();
      nodeHighS +=
          checkNodeSecp256k1(k1Signers[i].publicKey(), msgs[i], Hex.decode(k.get("sig").asText()));

      JsonNode ne = out.get("nodeEd").get(i);
      PublicKey nodeEdKey =
          PublicKey.decode(KeyAlgorithm.ED25519, Hex.decode(ne.get("pub").asText()));
      assertThat(nodeEdKey.verify(msgs[i], Hex.decode(ne.get("sig").asText())))
          .as("Java verifies a signature by a key Node generated")
          .isTrue();
      JsonNode nk = out.get("nodeK1").get(i);
      PublicKey nodeK1Key =
          PublicKey.decode(KeyAlgorithm.SECP256K1, Hex.decode(nk.get("pub").asText()));
      nodeHighS += checkNodeSecp256k1(nodeK1Key, msgs[i], Hex.decode(nk.get("sig").asText()));
    }
    // OpenSSL does not normalise s, so about half of its signatures are high-S.
    assertThat(nodeHighS).as("high-S signatures seen from Node").isPositive();
  }

  /** OpenSSL signs with random nonces and does not normalise s: Lattice accepts only low S. */
  private static int checkNodeSecp256k1(PublicKey key, byte[] msg, byte[] sig) {
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
    if (s.compareTo(Secp256k1Scheme.HALF_N) > 0) {
      assertThat(key.verify(msg, sig)).as("high-S signature from Node is rejected").isFalse();
      byte[] low = sig.clone();
      BigIntegers.asUnsignedByteArray(Secp256k1Scheme.N.subtract(s), low, 32, 32);
      assertThat(key.verify(msg, low)).as("the same signature normalised to low S").isTrue();
      return 1;
    }
    assertThat(key.verify(msg, sig)).as("low-S signature from Node").isTrue();
    return 0;
  }
}
