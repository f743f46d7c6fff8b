package io.lattice.node.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * Friendly REST paths over the issue-5 modules' query routes. Each answers exactly as {@code GET
 * /v1/query/{module}/{route}} would with the path parameters (and every query parameter but {@code
 * height}) as the request, and 404 "module X is not on this chain (chain id …)" on a chain that
 * does not run the module.
 */
final class ModuleAliases {
  /**
   * One alias: {@code path}'s parameters are copied into the request under the names in {@code
   * fields} (path parameter → request field).
   */
  record Alias(String path, String module, String route, Map<String, String> fields) {}

  static final List<Alias> ALIASES =
      List.of(
          new Alias("/v1/xchain/client", "xchain", "client", Map.of()),
          new Alias("/v1/xchain/packets", "xchain", "packets", Map.of()),
          new Alias("/v1/identity/{name}", "identity", "name", Map.of("name", "name")),
          new Alias("/v1/messaging/conversation", "messaging", "conversation", Map.of()),
          new Alias("/v1/channels/{name}", "channels", "channel", Map.of("name", "name")),
          new Alias("/v1/channels/{name}/posts", "channels", "posts", Map.of("name", "channel")),
          new Alias(
              "/v1/reputation/{address}", "reputation", "score", Map.of("address", "address")),
          new Alias("/v1/gov/proposals", "gov", "proposals", Map.of()),
          new Alias("/v1/gov/proposals/{id}", "gov", "proposal", Map.of("id", "id")));

  /** The operation id is {@code <source chain id>/<sequence>}: two path segments. */
  static final String XCHAIN_OP = "/v1/xchain/ops/{chain}/{sequence}";

  private ModuleAliases() {}

  static void register(RoutesConfig r, ModuleRoutes modules) {
    for (Alias a : ALIASES) {
      r.get(a.path(), ctx -> ApiServer.json(ctx, answer(ctx, modules, a, request(ctx, a))));
    }
    r.get(
        XCHAIN_OP,
        ctx -> {
          Alias op = new Alias(XCHAIN_OP, "xchain", "op", Map.of());
          ObjectNode request = request(ctx, op);
          request.put("id", ctx.pathParam("chain") + "/" + ctx.pathParam("sequence"));
          ApiServer.json(ctx, answer(ctx, modules, op, request));
        });
  }

  private static ObjectNode answer(
      Context ctx, ModuleRoutes modules, Alias alias, ObjectNode request) throws ApiException {
    return modules.alias(
        alias.module(), alias.route(), request, ctx.queryParam(ModuleRoutes.HEIGHT));
  }

  private static ObjectNode request(Context ctx, Alias alias) throws ApiException {
    ObjectNode request = ModuleRoutes.request(ctx.queryParamMap());
    alias.fields().forEach((param, field) -> request.put(field, ctx.pathParam(param)));
    return request;
  }
}
