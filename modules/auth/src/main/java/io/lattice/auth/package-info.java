/** auth. */
package io.lattice.auth;
