/** The governance module: proposals, deposits, stake-weighted voting, tally and execution. */
package io.lattice.gov;
