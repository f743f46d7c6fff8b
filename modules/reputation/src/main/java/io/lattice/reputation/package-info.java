/** The reputation module: a score per account, changed only by authorized sources. */
package io.lattice.reputation;
