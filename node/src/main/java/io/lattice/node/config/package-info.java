/**
 * The node's home directory and the files in it: {@code config/config.toml} ({@link
 * io.lattice.node.config.NodeConfig}), {@code config/genesis.json} ({@link
 * io.lattice.node.config.Genesis}), the node and validator key files, and the lock that keeps a
 * second node off the same home. Every file error names the file and the field.
 */
package io.lattice.node.config;
