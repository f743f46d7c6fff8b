package io.lattice.crypto.mnemonic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.lattice.common.Hex;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.NodeJs;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The whole path from words to an ed25519 public key (BIP-39 seed, SLIP-10 along {@code
 * m/44'/9000'/0'/0'/0'}, RFC 8032 key) recomputed by Node's built-in {@code crypto}: PBKDF2, HMAC
 * and Ed25519 from OpenSSL. Skipped when {@code node} is not installed.
 */
class NodeDerivationCrossCheckTest {
  private static final ObjectMapper JSON = NodeJs.JSON;

  private static final String SCRIPT =
      """
      const c = require('crypto');
      const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
      const out = input.map(({phrase, passphrase, path}) => {
        const seed = c.pbkdf2Sync(phrase.normalize('NFKD'), ('mnemonic' + passphrase).normalize('NFKD'), 2048, 64, 'sha512');
        let i = c.createHmac('sha512', 'ed25519 seed').update(seed).digest();
        let key = i.subarray(0, 32), chain = i.subarray(32);
        for (const index of path) {
          const data = Buffer.alloc(37);
          key.copy(data, 1);
          data.writeUInt32BE((index | 0x80000000) >>> 0, 33);
          i = c.createHmac('sha512', chain).update(data).digest();
          key = i.subarray(0, 32); chain = i.subarray(32);
        }
        // PKCS#8 wrapping of a raw 32-byte Ed25519 private key (RFC 8410).
        const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), key]);
        const priv = c.createPrivateKey({key: pkcs8, format: 'der', type: 'pkcs8'});
        const pub = Buffer.from(c.createPublicKey(priv).export({format: 'jwk'}).x, 'base64url');
        return {seed: seed.toString('hex'), privateKey: key.toString('hex'), publicKey: pub.toString('hex')};
      });
      process.stdout.write(JSON.stringify(out));
      """;

  @Test
  void wordsToPublicKeyAgreeWithNode() throws Exception {
    assumeTrue(NodeJs.available(), "node is not installed; skipping the Node cross-check");
    Random random = new Random(9000);
    int cases = 8;
    Mnemonic[] mnemonics = new Mnemonic[cases];
    String[] passphrases = new String[cases];
    DerivationPath[] paths = new DerivationPath[cases];
    ArrayNode input = JSON.createArrayNode();
    for (int k = 0; k < cases; k++) {
      byte[] entropy = new byte[k % 2 == 0 ? 32 : 16];
      random.nextBytes(entropy);
      mnemonics[k] = Mnemonic.fromEntropy(entropy);
      passphrases[k] = k < 4 ? "" : "pässphrase " + k;
      paths[k] =
          k == 0 ? DerivationPath.LATTICE_DEFAULT : DerivationPath.account(k, random.nextInt(1000));
      var item = input.addObject();
      item.put("phrase", mnemonics[k].phrase());
      item.put("passphrase", passphrases[k]);
      var path = item.putArray("path");
      paths[k].indices().forEach(path::add);
    }

    JsonNode out = NodeJs.run(SCRIPT, JSON.writeValueAsBytes(input));
    assertThat(out).hasSize(cases);
    for (int k = 0; k < cases; k++) {
      byte[] seed = mnemonics[k].toSeed(passphrases[k]);
      byte[] priv = Slip10.ed25519PrivateKey(seed, paths[k]);
      byte[] pub = KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, priv).publicKey().encoded();
      JsonNode node = out.get(k);
      assertThat(Hex.encode(seed)).as("seed %d", k).isEqualTo(node.get("seed").asText());
      assertThat(Hex.encode(priv))
          .as("SLIP-10 key %d at %s", k, paths[k])
          .isEqualTo(node.get("privateKey").asText());
      assertThat(Hex.encode(pub))
          .as("ed25519 public key %d", k)
          .isEqualTo(node.get("publicKey").asText());
    }
  }
}
