package io.lattice.node.relayer;

import io.lattice.xchain.relayer.ChainEndpoint;
import io.lattice.xchain.relayer.RelayReport;
import io.lattice.xchain.relayer.Relayer;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relayer process's loop: connects to both chains (retrying until both answer), then runs
 * {@link Relayer#relayOnce()} rounds every {@code interval}, printing what each round relayed and
 * every refusal with its reason. A chain that is down (or any failed round) is retried with a
 * backoff that doubles up to {@code maxBackoff} and returns to {@code interval} after a good round.
 * {@link #stop()} ends the loop after the current round.
 */
public final class RelayerLoop {
  /** Opens one chain's endpoint. */
  @FunctionalInterface
  public interface Connector {
    ChainEndpoint connect(String url) throws IOException;
  }

  private final String chatUrl;
  private final String currencyUrl;
  private final Connector connector;
  private final Duration interval;
  private final Duration maxBackoff;
  private final PrintWriter out;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicLong rounds = new AtomicLong();

  public RelayerLoop(
      String chatUrl,
      String currencyUrl,
      Connector connector,
      Duration interval,
      Duration maxBackoff,
      PrintWriter out) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
    this.chatUrl = chatUrl;
    this.currencyUrl = currencyUrl;
    this.connector = connector;
    this.interval = interval;
    this.maxBackoff = maxBackoff.compareTo(interval) < 0 ? interval : maxBackoff;
    this.out = out;
  }

  /** Asks the loop to end; {@link #run} returns after the round in progress. */
  public void stop() {
    stopped.countDown();
  }

  /** Rounds completed so far (relayed or idle). */
  public long rounds() {
    return rounds.get();
  }

  /** Runs until {@link #stop()}. */
  public void run() throws InterruptedException {
    Relayer relayer = null;
    Duration backoff = interval;
    String lastProblem = "";
    while (stopped.getCount() > 0) {
      Duration pause = interval;
      try {
        if (relayer == null) {
          ChainEndpoint chat = connector.connect(chatUrl);
          ChainEndpoint currency = connector.connect(currencyUrl);
          if (chat.chainId().equals(currency.chainId())) {
            throw new IOException(
                chatUrl + " and " + currencyUrl + " serve the same chain " + chat.chainId());
          }
          print(
              "connected: "
                  + chat.chainId()
                  + " at "
                  + chatUrl
                  + " and "
                  + currency.chainId()
                  + " at "
                  + currencyUrl
                  + " (signer "
                  + chat.signer()
                  + ")");
          relayer = new Relayer(chat, currency);
        }
        RelayReport report = relayer.relayOnce();
        rounds.incrementAndGet();
        if (!report.idle() || report.alreadyDone() > 0) {
          print("relayed: " + report);
        }
        for (String refusal : report.refused()) {
          print("refused: " + refusal);
        }
        if (!lastProblem.isEmpty()) {
          print("recovered");
          lastProblem = "";
        }
        backoff = interval;
      } catch (IOException e) {
        String problem = e.getMessage() == null ? e.toString() : e.getMessage();
        pause = backoff;
        if (!problem.equals(lastProblem) || backoff.compareTo(maxBackoff) >= 0) {
          print("waiting: " + problem + "; retrying in " + pause.toMillis() / 1000.0 + " s");
        }
        lastProblem = problem;
        backoff = longer(backoff);
      } catch (RuntimeException e) {
        // A malformed answer the core could not use: report it and go on, as for a failed round.
        print("round failed: " + e);
        pause = backoff;
        backoff =
            backoff.multipliedBy(2).compareTo(maxBackoff) > 0
                ? maxBackoff
                : backoff.multipliedBy(2);
      }
      if (stopped.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
        break;
      }
    }
    print("stopped after " + rounds.get() + " round(s)");
  }

  private Duration longer(Duration backoff) {
    Duration doubled = backoff.multipliedBy(2);
    return doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
  }

  private void print(String line) {
    out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
    out.flush();
  }
}
