package io.lattice.runtime.state;

/**
 * Encodes values stored in state. Encodings are canonical: equal values encode to equal bytes, so
 * the app hash depends only on the values.
 */
public interface Codec<V> {
  byte[] encode(V value);

  /**
   * @throws IllegalStateException when stored bytes do not decode (corrupt state, never user input)
   */
  V decode(byte[] bytes);
}
