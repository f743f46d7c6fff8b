/**
 * Benchmarks of a real multi-process network: four validator processes and full nodes started as
 * {@code lattice up} starts them, on 127.0.0.1 over TCP, measured from outside through their REST
 * API, WebSocket event stream, commit logs and P2P gossip ({@link
 * io.lattice.bench.network.NetworkBench}).
 */
package io.lattice.bench.network;
