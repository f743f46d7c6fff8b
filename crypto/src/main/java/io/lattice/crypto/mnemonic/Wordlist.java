package io.lattice.crypto.mnemonic;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The English BIP-39 wordlist: 2048 sorted words, index = 11-bit value.
 *
 * <p>The list is loaded from the classpath resource {@code english.txt} and checked against the
 * SHA-256 of the canonical file published with BIP-39; a changed file would silently turn every
 * written-down phrase into a different key, so a mismatch fails loudly instead.
 */
public final class Wordlist {
  /** SHA-256 of the canonical {@code bip-0039/english.txt} (one word per line, LF-terminated). */
  public static final String ENGLISH_SHA256 =
      "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda";

  public static final int SIZE = 2048;

  private static final String RESOURCE = "english.txt";

  private final List<String> words;
  private final Map<String, Integer> indexOf;

  private Wordlist(List<String> words) {
    this.words = List.copyOf(words);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < this.words.size(); i++) {
      index.put(this.words.get(i), i);
    }
    this.indexOf = Map.copyOf(index);
  }

  private static final class EnglishHolder {
    private static final Wordlist ENGLISH = load();
  }

  public static Wordlist english() {
    return EnglishHolder.ENGLISH;
  }

  private static Wordlist load() {
    byte[] raw;
    try (InputStream in = Wordlist.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("BIP-39 wordlist resource " + RESOURCE + " is missing");
      }
      raw = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read BIP-39 wordlist " + RESOURCE, e);
    }
    String actual = sha256Hex(raw);
    if (!actual.equals(ENGLISH_SHA256)) {
      throw new IllegalStateException(
          "BIP-39 wordlist "
              + RESOURCE
              + " has SHA-256 "
              + actual
              + ", expected "
              + ENGLISH_SHA256);
    }
    List<String> words = new String(raw, StandardCharsets.US_ASCII).lines().toList();
    if (words.size() != SIZE) {
      throw new IllegalStateException(
          "BIP-39 wordlist has " + words.size() + " words, expected " + SIZE);
    }
    return new Wordlist(words);
  }

  static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** The word for an 11-bit value. */
  public String word(int index) {
    return words.get(index);
  }

  /** The 11-bit value of a word, or empty when the word is not in the list. */
  public Optional<Integer> index(String word) {
    return Optional.ofNullable(indexOf.get(word));
  }

  public List<String> words() {
    return words;
  }
}
