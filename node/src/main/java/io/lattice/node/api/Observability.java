package io.lattice.node.api;

import io.lattice.consensus.app.CheckTxResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the operator endpoints serve: the metrics registry behind {@code GET /metrics} and the
 * readiness check behind {@code GET /health/ready}. The API adds its own meter to the registry:
 * {@code lattice_tx_rejected_total{codespace,code}}, the transactions its submit path (and the
 * faucet) saw refused by {@code checkTx}. The API server closes it when it stops.
 */
public final class Observability implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Observability.class);

  /** The content type of the Prometheus text exposition format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final Supplier<List<String>> notReadyReasons;
  private final AutoCloseable resources;

  /**
   * @param notReadyReasons why the node is not ready to serve (empty when ready); called on each
   *     readiness request, from API threads
   * @param resources closed with this (meter binders, listeners)
   */
  public Observability(
      PrometheusMeterRegistry registry,
      Supplier<List<String>> notReadyReasons,
      AutoCloseable resources) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.notReadyReasons = Objects.requireNonNull(notReadyReasons, "notReadyReasons");
    this.resources = Objects.requireNonNull(resources, "resources");
  }

  /**
   * An API without a node's meters: its registry holds only the API's rejection counter, and
   * readiness is {@link Readiness#reasons} without peers.
   */
  public static Observability of(ChainView chain) {
    Objects.requireNonNull(chain, "chain");
    return new Observability(
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        () -> Readiness.reasons(chain, java.util.OptionalInt.empty()),
        () -> {});
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Every meter in the Prometheus text exposition format. */
  public String scrape() {
    return registry.scrape();
  }

  /** Why the node is not ready; empty when it is. */
  public List<String> notReadyReasons() {
    return List.copyOf(notReadyReasons.get());
  }

  /** Counts a transaction refused by {@code checkTx} on the API's submit path. */
  void rejected(CheckTxResult result) {
    Counter.builder("lattice.tx.rejected")
        .description(
            "Transactions refused by checkTx on the API submit path, by codespace and code")
        .tag("codespace", result.codespace().isEmpty() ? "none" : result.codespace())
        .tag("code", Integer.toString(result.code()))
        .register(registry)
        .increment();
  }

  @Override
  public void close() {
    try {
      resources.close();
    } catch (Exception e) {
      LOG.warn("closing the metrics' resources failed", e);
    }
    registry.close();
  }
}
