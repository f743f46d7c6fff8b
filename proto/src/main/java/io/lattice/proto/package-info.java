/**
 * The protobuf formats of Lattice (generated from {@code proto/src/main/protobuf}) and {@link
 * io.lattice.proto.Canonical}, the only decoder the state machine uses for untrusted bytes: it
 * enforces the canonical-encoding rules of {@code docs/spec/formats.md}.
 */
package io.lattice.proto;
