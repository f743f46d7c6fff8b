/** Proto. */
package io.lattice.proto;
