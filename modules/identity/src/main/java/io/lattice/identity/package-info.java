/** The identity module: unique usernames bound to accounts, encryption prekeys and devices. */
package io.lattice.identity;
