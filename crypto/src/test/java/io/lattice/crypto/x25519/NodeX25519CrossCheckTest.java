package io.lattice.crypto.x25519;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.common.Hex;
import io.lattice.crypto.NodeJs;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks X25519 and the sealed-box format against Node's built-in {@code crypto} (OpenSSL),
 * an implementation nobody here wrote. Skipped (not failed) when {@code node} is not installed.
 *
 * <p>Node gets a Java public key and a whole Java key pair; it answers with its own public key, the
 * secret it computes with each, a decryption of a Java sealed box (HKDF-SHA256 + ChaCha20-Poly1305
 * done by Node from the envelope layout alone), and a box it sealed itself for Java to open.
 */
class NodeX25519CrossCheckTest {
  private static final ObjectMapper JSON = NodeJs.JSON;

  private static final String SCRIPT =
      """
      const c = require('crypto');
      const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
      const b64u = (hex) => Buffer.from(hex, 'hex').toString('base64url');
      const pub = (hex) => c.createPublicKey({key: {kty: 'OKP', crv: 'X25519', x: b64u(hex)}, format: 'jwk'});
      const priv = (d, x) => c.createPrivateKey({key: {kty: 'OKP', crv: 'X25519', d: b64u(d), x: b64u(x)}, format: 'jwk'});
      const rawPub = (k) => Buffer.from(k.export({format: 'jwk'}).x, 'base64url');
      const info = Buffer.from('lattice sealed box v1 x25519-hkdf-sha256-chacha20poly1305', 'ascii');
      const okm = (shared, ephPub, rcptPub) => Buffer.from(c.hkdfSync('sha256', shared, Buffer.concat([ephPub, rcptPub]), info, 44));

      const node = c.generateKeyPairSync('x25519');
      const s1 = c.diffieHellman({privateKey: node.privateKey, publicKey: pub(input.javaPublic)});
      const javaPair = priv(input.pairPrivate, input.pairPublic);
      const s2 = c.diffieHellman({privateKey: javaPair, publicKey: pub(input.javaPublic)});

      // open the Java-sealed box addressed to javaPair
      const env = Buffer.from(input.envelope, 'hex');
      const aad = Buffer.from(input.aad, 'hex');
      const ephPub = env.subarray(1, 33);
      const k1 = okm(c.diffieHellman({privateKey: javaPair, publicKey: pub(ephPub.toString('hex'))}), ephPub, Buffer.from(input.pairPublic, 'hex'));
      const body = env.subarray(33, env.length - 16);
      const dec = c.createDecipheriv('chacha20-poly1305', k1.subarray(0, 32), k1.subarray(32), {authTagLength: 16});
      dec.setAAD(aad, {plaintextLength: body.length});
      dec.setAuthTag(env.subarray(env.length - 16));
      const opened = Buffer.concat([dec.update(body), dec.final()]);

      // seal a box to the Java public key
      const eph = c.generateKeyPairSync('x25519');
      const ephRaw = rawPub(eph.publicKey);
      const k2 = okm(c.diffieHellman({privateKey: eph.privateKey, publicKey: pub(input.javaPublic)}), ephRaw, Buffer.from(input.javaPublic, 'hex'));
      const enc = c.createCipheriv('chacha20-poly1305', k2.subarray(0, 32), k2.subarray(32), {authTagLength: 16});
      const msg = Buffer.from('sealed by node ' + process.version, 'utf8');
      enc.setAAD(aad, {plaintextLength: msg.length});
      const ct = Buffer.concat([enc.update(msg), enc.final()]);
      const sealed = Buffer.concat([Buffer.from([1]), ephRaw, ct, enc.getAuthTag()]);

      process.stdout.write(JSON.stringify({
        nodePublic: rawPub(node.publicKey).toString('hex'),
        secretWithNodeKey: s1.toString('hex'),
        secretWithJavaPair: s2.toString('hex'),
        opened: opened.toString('hex'),
        sealed: sealed.toString('hex'),
        message: msg.toString('hex'),
      }));
      """;

  @Test
  void agreesWithNodeCrypto() throws Exception {
    assumeTrue(NodeJs.available(), "node is not installed; skipping the Node cross-check");
    SecureRandom random = new SecureRandom();
    X25519KeyPair java = X25519.generate(random);
    X25519KeyPair pair = X25519.generate(random);
    byte[] aad = "cross-check".getBytes(StandardCharsets.UTF_8);
    byte[] plaintext = "sealed by java".getBytes(StandardCharsets.UTF_8);
    byte[] envelope = SealedBox.seal(pair.publicKey(), plaintext, aad);

    ObjectNode input = JSON.createObjectNode();
    input.put("javaPublic", Hex.encode(java.publicKey()));
    input.put("pairPrivate", Hex.encode(pair.privateKey()));
    input.put("pairPublic", Hex.encode(pair.publicKey()));
    input.put("envelope", Hex.encode(envelope));
    input.put("aad", Hex.encode(aad));

    JsonNode out = NodeJs.run(SCRIPT, JSON.writeValueAsBytes(input));

    byte[] nodePublic = Hex.decode(out.get("nodePublic").asText());
    assertThat(Hex.encode(X25519.sharedSecret(java.privateKey(), nodePublic)))
        .as("Java's X25519 with Node's public key = Node's X25519 with Java's public key")
        .isEqualTo(out.get("secretWithNodeKey").asText());
    assertThat(Hex.encode(X25519.sharedSecret(java.privateKey(), pair.publicKey())))
        .as("Node's X25519 with a Java-generated private key")
        .isEqualTo(out.get("secretWithJavaPair").asText());
    assertThat(Hex.decode(out.get("opened").asText()))
        .as("Node opened the Java sealed box")
        .isEqualTo(plaintext);
    assertThat(SealedBox.open(java.privateKey(), Hex.decode(out.get("sealed").asText()), aad))
        .as("Java opened the Node sealed box")
        .isEqualTo(Hex.decode(out.get("message").asText()));
  }
}
