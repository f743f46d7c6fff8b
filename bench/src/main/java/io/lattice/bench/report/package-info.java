/**
 * The reproducible performance report: reads what bench/run-all.sh measured (JMH JSON, the load
 * generator's JSON, the peer comparisons' JSON, JFR recordings of the nodes) and writes the
 * "Harness run" section of docs/PERFORMANCE.md with the machine, commands, figures, ratios and the
 * top profile frames.
 */
package io.lattice.bench.report;
