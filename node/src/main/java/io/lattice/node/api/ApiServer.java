package io.lattice.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.lattice.common.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's REST and WebSocket API over a {@link ChainView}. Every response, including errors and
 * unknown routes, is JSON; errors are {@code {"code": <http status>, "message": "<reason>"}}. See
 * {@code docs/API.md} and {@code GET /v1/openapi.json}.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  /** Request bodies above this size are refused with 413. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  /** How long {@code mode: commit} submissions and the faucet wait for inclusion. */
  public static final Duration DEFAULT_COMMIT_TIMEOUT = Duration.ofSeconds(30);

  private final Javalin app;
  private final EventStream events;
  private final Observability observability;

  private ApiServer(Javalin app, EventStream events, Observability observability) {
    this.app = app;
    this.events = events;
    this.observability = observability;
  }

  /**
   * Starts the API on {@code options.host():options.port()}; returns once it is listening. Its
   * {@code /metrics} serves only the API's own meters; see {@link #start(ChainView, ApiOptions,
   * Observability)}.
   */
  public static ApiServer start(ChainView chain, ApiOptions options) {
    return start(chain, options, Observability.of(chain));
  }

  /**
   * Starts the API with {@code observability} behind {@code /metrics} and {@code /health/ready};
   * the server closes it when it stops (or fails to start).
   */
  public static ApiServer start(ChainView chain, ApiOptions options, Observability observability) {
    return start(chain, options, DEFAULT_COMMIT_TIMEOUT, Clock.system(), observability);
  }

  static ApiServer start(ChainView chain, ApiOptions options, Duration commitTimeout, Clock clock) {
    return start(chain, options, commitTimeout, clock, Observability.of(chain));
  }

  static ApiServer start(
      ChainView chain,
      ApiOptions options,
      Duration commitTimeout,
      Clock clock,
      Observability observability) {
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(observability, "observability");
    ChainRoutes routes = new ChainRoutes(chain, commitTimeout, observability::rejected);
    Optional<Faucet> faucet = options.faucet().map(f -> new Faucet(chain, f, routes, clock));
    EventStream events = new EventStream(chain);
    ModuleRoutes modules = new ModuleRoutes(chain);
    LightRoutes light = new LightRoutes(chain);
    Javalin app =
        Javalin.create(config -> {
          configure(config, routes, faucet, events, observability);
          var r = config.routes;
          r.get(
              "/v1/query/{module}/{path}",
              ctx ->
                  json(
                      ctx,
                      modules.get(
                          ctx.pathParam("module"), ctx.pathParam("path"), ctx.queryParamMap())));
          r.post(
              "/v1/query/{module}/{path}",
              ctx ->
                  json(
                      ctx,
                      modules.post(
                          ctx.pathParam("module"),
                          ctx.pathParam("path"),
                          readJson(ctx),
                          ctx.queryParam(ModuleRoutes.HEIGHT))));
          r.get("/v1/light/{height}", ctx -> json(ctx, light.light(ctx.pathParam("height"))));
          ModuleAliases.register(r, modules);
          // last: its catch-all route must not shadow an API route
          WebAssets.locate().ifPresent(web -> web.register(r));
        });
    try {
      app.start(options.host(), options.port());
    } catch (RuntimeException e) {
      events.close();
      app.stop();
      observability.close();
      throw new IllegalStateException(
          "cannot start API on " + options.host() + ":" + options.port() + ": " + rootMessage(e),
          e);
    }
    LOG.info("API listening on http://{}:{}", options.host(), app.port());
    return new ApiServer(app, events, observability);
  }

  private static void configure(
      JavalinConfig config,
      ChainRoutes routes,
      Optional<Faucet> faucet,
      EventStream events,
      Observability observability) {
    config.startup.showJavalinBanner = false;
    config.http.maxRequestSize = MAX_BODY_BYTES;
    config.router.ignoreTrailingSlashes = true;
    config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
    var r = config.routes;
    r.before(ApiServer::beforeEach);
    r.get("/v1/status", ctx -> json(ctx, routes.status()));
    r.get("/v1/blocks/{height}", ctx -> json(ctx, routes.block(ctx.pathParam("height"))));
    r.get("/v1/txs/{hash}", ctx -> json(ctx, routes.tx(ctx.pathParam("hash"))));
    r.post("/v1/txs", ctx -> json(ctx, routes.submit(readJson(ctx))));
    r.get("/v1/accounts/{address}", ctx -> json(ctx, routes.account(ctx.pathParam("address"))));
    r.get(
        "/v1/accounts/{address}/txs",
        ctx -> json(ctx, routes.accountTxs(ctx.pathParam("address"), ctx.queryParam("limit"))));
    r.get("/v1/validators", ctx -> json(ctx, routes.validators()));
    r.get(
        "/v1/state/proof",
        ctx -> json(ctx, routes.proof(ctx.queryParam("key"), ctx.queryParam("height"))));
    r.get("/v1/openapi.json", ctx -> json(ctx, OpenApi.document(faucet.isPresent())));
    faucet.ifPresent(f -> r.post("/v1/faucet", ctx -> json(ctx, f.request(readJson(ctx)))));
    r.ws("/v1/events", events::configure);
    r.get(
        "/metrics",
        ctx -> ctx.contentType(Observability.CONTENT_TYPE).result(observability.scrape()));
    r.get("/health/live", ctx -> json(ctx, JsonViews.object().put("live", true)));
    r.get("/health/ready", ctx -> ready(ctx, observability.notReadyReasons()));
    r.exception(
        ApiException.class,
        (e, ctx) -> {
          e.retryAfterSeconds().ifPresent(s -> ctx.header("Retry-After", Long.toString(s)));
          error(ctx, e.status(), e.getMessage());
        });
    r.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
    r.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("API request {} {} failed", ctx.method(), ctx.path(), e);
          error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
        });
    r.error(
        404,
        ctx -> {
          if (isEmpty(ctx)) {
            error(ctx, 404, "no route " + ctx.method() + " " + ctx.path());
          }
        });
    r.error(
        405,
        ctx -> {
          if (isEmpty(ctx)) {
            error(ctx, 405, "method " + ctx.method() + " not allowed on " + ctx.path());
          }
        });
  }

  private static void beforeEach(Context ctx) throws ApiException {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
    if (ctx.contentLength() > MAX_BODY_BYTES) {
      throw new ApiException(
          413,
          "request body of "
              + ctx.contentLength()
              + " bytes exceeds the limit of "
              + MAX_BODY_BYTES
              + " bytes");
    }
  }

  /** 200 when ready, else 503; the body names the reasons either way. */
  private static void ready(Context ctx, List<String> reasons) {
    ObjectNode body = JsonViews.object().put("ready", reasons.isEmpty());
    ArrayNode list = body.putArray("reasons");
    reasons.forEach(list::add);
    ctx.status(reasons.isEmpty() ? 200 : 503);
    json(ctx, body);
  }

  private static boolean isEmpty(Context ctx) {
    String body = ctx.result();
    return body == null || body.isEmpty();
  }

  static JsonNode readJson(Context ctx) throws ApiException {
    byte[] body = ctx.bodyAsBytes();
    if (body.length > MAX_BODY_BYTES) {
      throw new ApiException(413, "request body exceeds the limit of " + MAX_BODY_BYTES + " bytes");
    }
    if (body.length == 0) {
      throw ApiException.badRequest("request body is empty; expected a JSON object");
    }
    try {
      JsonNode node = JsonViews.MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw ApiException.badRequest("request body must be a JSON object");
      }
      return node;
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("malformed JSON body: " + firstLine(e.getMessage()));
    }
  }

  static void json(Context ctx, JsonNode body) {
    ctx.contentType("application/json").result(body.toString());
  }

  static void error(Context ctx, int status, String message) {
    ctx.status(status);
    json(ctx, JsonViews.error(status, message));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** The port the server listens on (the actual one when started with port 0). */
  public int port() {
    return app.port();
  }

  /** The running Javalin app, for tests that inspect the registered routes. */
  Javalin app() {
    return app;
  }

  /** Stops accepting requests, closes WebSocket sessions and stops the server. */
  @Override
  public void close() {
    events.close();
    app.stop();
    observability.close();
  }
}
