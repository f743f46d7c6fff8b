/** JMH benchmarks of the crypto module: signing and verification per key algorithm. */
package io.lattice.bench.crypto;
