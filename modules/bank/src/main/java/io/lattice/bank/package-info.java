/** bank. */
package io.lattice.bank;
