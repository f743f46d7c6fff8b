package io.lattice.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI ({@code web/dist}, built by {@code npm run build} in {@code web/}) served by the API
 * node at {@code /}: files under the root only, {@code index.html} for client routes (paths without
 * a file extension), and {@code /lattice-web.json} listing the node APIs the UI may call.
 *
 * <p>Where the files are: the system property {@value #ROOT_PROPERTY} or the environment variable
 * {@value #ROOT_ENV}, else {@code web/dist} of the source tree the node's jar was built in ({@code
 * node/target/lattice-node.jar} → {@code web/dist}). No {@code index.html} there: no UI, and {@code
 * /} answers the API's JSON 404. The APIs the UI may connect to (its Content-Security-Policy {@code
 * connect-src}, besides its own origin): {@value #APIS_PROPERTY} or {@value #APIS_ENV}, a comma- or
 * space-separated list of origins, default {@link #DEFAULT_APIS} ({@code lattice up}'s ports).
 *
 * <p>Only the UI's own client routes ({@link #CLIENT_ROUTES}) fall back to {@code index.html}; any
 * other unknown path, API paths included, stays the API's JSON 404. The default root applies only
 * when the node runs from its jar (as {@code ./lattice} runs it), not from a classes directory.
 */
public final class WebAssets {
  private static final Logger LOG = LoggerFactory.getLogger(WebAssets.class);

  public static final String ROOT_PROPERTY = "lattice.web.root";
  public static final String ROOT_ENV = "LATTICE_WEB_ROOT";
  public static final String APIS_PROPERTY = "lattice.web.apis";
  public static final String APIS_ENV = "LATTICE_WEB_APIS";

  /** The chat (8545) and currency (8546) API nodes of {@code lattice up}. */
  public static final List<String> DEFAULT_APIS =
      List.of(
          "http://127.0.0.1:8545",
          "http://127.0.0.1:8546",
          "http://localhost:8545",
          "http://localhost:8546");

  /** The UI's configuration document: {@code {"apis": [origin, …]}}. */
  public static final String CONFIG_PATH = "/lattice-web.json";

  /** First path segments of the UI's own routes: these get index.html when no file matches. */
  public static final Set<String> CLIENT_ROUTES = Set.of("explorer", "wallet", "chat", "network");

  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("js", "text/javascript; charset=utf-8"),
          Map.entry("mjs", "text/javascript; charset=utf-8"),
          Map.entry("css", "text/css; charset=utf-8"),
          Map.entry("json", "application/json"),
          Map.entry("map", "application/json"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("ico", "image/x-icon"),
          Map.entry("webp", "image/webp"),
          Map.entry("woff2", "font/woff2"),
          Map.entry("txt", "text/plain; charset=utf-8"),
          Map.entry("webmanifest", "application/manifest+json"));

  private final Path root;
  private final List<String> apis;
  private final String contentSecurityPolicy;

  private WebAssets(Path root, List<String> apis) {
    this.root = root;
    this.apis = List.copyOf(apis);
    this.contentSecurityPolicy = contentSecurityPolicy(this.apis);
  }

  /**
   * The UI in {@code root} (must hold {@code index.html}) allowed to call {@code apis}.
   *
   * @throws IllegalArgumentException naming the cause: no index.html, an API that is not an http(s)
   *     origin
   */
  public static WebAssets of(Path root, List<String> apis) {
    Path real;
    try {
      real = root.toRealPath();
    } catch (IOException e) {
      throw new IllegalArgumentException("web UI root " + root + " does not exist", e);
    }
    if (!Files.isRegularFile(real.resolve("index.html"))) {
      throw new IllegalArgumentException(
          "web UI root " + root + " has no index.html (build it: cd web && npm run build)");
    }
    List<String> origins = new ArrayList<>();
    for (String api : apis) {
      origins.add(origin(api));
    }
    return new WebAssets(real, origins);
  }

  /**
   * The UI as configured by system properties and environment (see the class comment); empty when
   * no built UI is found.
   *
   * @throws IllegalArgumentException when a configured root or API list is invalid
   */
  public static Optional<WebAssets> locate() {
    List<String> apis = configuredApis(setting(APIS_PROPERTY, APIS_ENV));
    Optional<String> configured = setting(ROOT_PROPERTY, ROOT_ENV);
    if (configured.isPresent()) {
      return Optional.of(of(Path.of(configured.get()), apis));
    }
    return defaultRoot()
        .filter(p -> Files.isRegularFile(p.resolve("index.html")))
        .map(p -> of(p, apis));
  }

  /**
   * Registers {@code /}, {@code /lattice-web.json}, the catch-all file route and CORS for the
   * configured APIs' origins (the UI served by one chain's node calls the other chain's); call
   * last.
   */
  void register(RoutesConfig r) {
    r.before(this::allowConfiguredOrigins);
    r.options("/<path>", this::preflight);
    r.get(CONFIG_PATH, this::config);
    r.get("/", ctx -> serve(ctx, "/"));
    r.get("/<path>", ctx -> serve(ctx, ctx.path()));
    LOG.info("web UI served at / from {}", root);
  }

  /** Where the files are served from (the real path). */
  public Path root() {
    return root;
  }

  /** The origins besides its own that the UI may connect to. */
  public List<String> apis() {
    return apis;
  }

  /** The Content-Security-Policy of every UI response. */
  public String contentSecurityPolicy() {
    return contentSecurityPolicy;
  }

  /**
   * A request from the UI served by another configured node (its {@code Origin} is one of {@link
   * #apis()}) may read the answer; any other origin gets no CORS header, so browsers keep it out.
   */
  private void allowConfiguredOrigins(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin != null && apis.contains(origin)) {
      ctx.header("Access-Control-Allow-Origin", origin);
      ctx.header("Access-Control-Expose-Headers", "Retry-After");
      ctx.header("Vary", "Origin");
    }
  }

  /** CORS preflight: GET and POST with a JSON body from a configured origin; 403 otherwise. */
  private void preflight(Context ctx) throws ApiException {
    String origin = ctx.header("Origin");
    if (origin == null || !apis.contains(origin)) {
      throw new ApiException(403, "origin " + origin + " may not call this API from a browser");
    }
    ctx.header("Access-Control-Allow-Methods", "GET, POST");
    ctx.header("Access-Control-Allow-Headers", "Content-Type");
    ctx.header("Access-Control-Max-Age", "600");
    ctx.status(204);
  }

  private void config(Context ctx) {
    ObjectNode body = JsonViews.object();
    ArrayNode list = body.putArray("apis");
    apis.forEach(list::add);
    ApiServer.json(ctx, body);
  }

  private void serve(Context ctx, String path) throws ApiException, IOException {
    Optional<Path> file =
        path.equals("/") ? Optional.of(root.resolve("index.html")) : resolve(path);
    if (file.isEmpty()) {
      if (!isClientRoute(path)) {
        throw ApiException.notFound("no route " + ctx.method() + " " + path);
      }
      file = Optional.of(root.resolve("index.html"));
    }
    Path f = file.get();
    String name = f.getFileName().toString();
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
    ctx.header("Content-Security-Policy", contentSecurityPolicy);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    ctx.header(
        "Cache-Control",
        path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    ctx.contentType(TYPES.getOrDefault(ext.toLowerCase(Locale.ROOT), "application/octet-stream"));
    try (InputStream in = Files.newInputStream(f)) {
      ctx.result(in.readAllBytes());
    }
  }

  /**
   * The regular file {@code path} names under the root, following no link out of it; empty for
   * anything else (missing, a directory, a {@code .} or {@code ..} segment, a NUL or backslash).
   */
  Optional<Path> resolve(String path) {
    if (path.isEmpty() || path.equals("/")) {
      return Optional.empty();
    }
    Path p = root;
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty()) {
        continue;
      }
      if (segment.equals(".")
          || segment.equals("..")
          || segment.indexOf('\\') >= 0
          || segment.indexOf('\0') >= 0
          || segment.indexOf(':') >= 0) {
        return Optional.empty();
      }
      p = p.resolve(segment);
    }
    Path normalized = p.normalize();
    if (!normalized.startsWith(root)
        || !Files.isRegularFile(normalized, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      Path real = normalized.toRealPath();
      return real.startsWith(root) ? Optional.of(real) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** {@code /explorer/…}, {@code /wallet}, … (see {@link #CLIENT_ROUTES}). */
  static boolean isClientRoute(String path) {
    String rest = path.startsWith("/") ? path.substring(1) : path;
    int slash = rest.indexOf('/');
    return CLIENT_ROUTES.contains(slash < 0 ? rest : rest.substring(0, slash));
  }

  static String contentSecurityPolicy(List<String> apis) {
    Set<String> connect = new LinkedHashSet<>();
    connect.add("'self'");
    for (String api : apis) {
      connect.add(api);
      connect.add(api.replaceFirst("^http", "ws"));
    }
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        + " font-src 'self'; connect-src "
        + String.join(" ", connect)
        + "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  }

  /** {@code http(s)://host[:port]} without path, query or credentials, lower-cased. */
  static String origin(String api) {
    URI uri;
    try {
      uri = new URI(api.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("web API '" + api + "' is not a URL: " + e.getReason(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "web API '" + api + "' must be an http:// or https:// origin");
    }
    if (uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || !(uri.getRawPath() == null
            || uri.getRawPath().isEmpty()
            || uri.getRawPath().equals("/"))) {
      throw new IllegalArgumentException(
          "web API '"
              + api
              + "' must be an origin: scheme, host and port only (e.g. http://127.0.0.1:8546)");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return scheme + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  static List<String> configuredApis(Optional<String> setting) {
    if (setting.isEmpty()) {
      return DEFAULT_APIS;
    }
    List<String> out = new ArrayList<>();
    for (String s : setting.get().split("[,\\s]+", -1)) {
      if (!s.isBlank()) {
        out.add(origin(s));
      }
    }
    return out;
  }

  private static Optional<String> setting(String property, String env) {
    String p = System.getProperty(property);
    if (p != null && !p.isBlank()) {
      return Optional.of(p);
    }
    String e = System.getenv(env);
    return e == null || e.isBlank() ? Optional.empty() : Optional.of(e);
  }

  /** {@code web/dist} beside {@code node/} of the jar or classes directory this class came from. */
  private static Optional<Path> defaultRoot() {
    CodeSource source = WebAssets.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      Path code = Path.of(source.getLocation().toURI());
      if (!Files.isRegularFile(code)) {
        return Optional.empty();
      }
      // node/target/lattice-node.jar → the source tree root
      Path target = code.getParent();
      if (target == null || target.getParent() == null || target.getParent().getParent() == null) {
        return Optional.empty();
      }
      return Optional.of(target.getParent().getParent().resolve("web").resolve("dist"));
    } catch (URISyntaxException
        | IllegalArgumentException
        | java.nio.file.FileSystemNotFoundException e) {
      return Optional.empty();
    }
  }
}
