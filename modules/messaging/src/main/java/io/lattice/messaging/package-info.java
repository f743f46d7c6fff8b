/** The messaging module: end-to-end encrypted direct-message envelopes with on-chain order. */
package io.lattice.messaging;
