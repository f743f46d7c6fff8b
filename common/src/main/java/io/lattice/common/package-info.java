/**
 * The lowest layer: byte and text encodings (hex, bech32), the {@link io.lattice.common.Clock} port
 * and small value types shared by every other module. Imports nothing from Lattice.
 */
package io.lattice.common;
