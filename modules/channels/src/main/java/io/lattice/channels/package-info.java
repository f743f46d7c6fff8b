/** The channels module: public and invite-only channels, roles, posts and moderation. */
package io.lattice.channels;
