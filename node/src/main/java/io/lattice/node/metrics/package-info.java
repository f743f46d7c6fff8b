/**
 * The node's Prometheus metrics ({@code lattice_*} meters in a Micrometer registry, JVM and RocksDB
 * statistics) and its readiness check, handed to the API as an {@link
 * io.lattice.node.api.Observability}. Per-block meters are fed by an engine listener; the rest are
 * read when Prometheus scrapes.
 */
package io.lattice.node.metrics;
