package io.lattice.consensus.privval;

/**
 * A signature and the exact bytes it covers (the stored sign bytes when the signer returned an
 * earlier signature for a request that differed only in its timestamp).
 */
public record Signature(byte[] signature, byte[] signBytes) {
  public Signature {
    signature = signature.clone();
    signBytes = signBytes.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public byte[] signBytes() {
    return signBytes.clone();
  }
}
