package io.lattice.node.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.common.Hex;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.node.api.ChainView.LightBlockView;
import io.lattice.proto.consensus.v1.LightBlock;
import io.lattice.proto.types.v1.Header;

/**
 * {@code GET /v1/light/{height}}: what a light client (state sync, the cross-chain relayer) needs
 * to verify one height, as the canonical protobuf encodings (base64) plus readable fields. See
 * {@code docs/API.md} and {@code docs/spec/xchain.md} §2, §7.
 */
final class LightRoutes {
  private final ChainView chain;

  LightRoutes(ChainView chain) {
    this.chain = chain;
  }

  ObjectNode light(String heightParam) throws ApiException {
    long latest = chain.latestHeight();
    long height;
    if ("latest".equals(heightParam)) {
      if (latest == 0) {
        throw ApiException.notFound("no block committed yet");
      }
      height = latest;
    } else {
      height = ChainRoutes.parseHeight("height", heightParam);
      if (height == 0) {
        throw ApiException.badRequest("height: must be at least 1 or 'latest', got 0");
      }
    }
    if (height > latest) {
      throw ApiException.notFound(
          "light block " + height + " not found: latest height is " + latest);
    }
    long earliest = chain.earliestHeight();
    if (height < earliest) {
      throw ApiException.notFound(
          "light block "
              + height
              + " not found: this node's history starts at "
              + earliest
              + " (it joined by state sync)");
    }
    LightBlockView view =
        chain
            .lightBlock(height)
            .orElseThrow(() ->
                ApiException.notFound(
                    "light block " + height + " not found (its block or validator set is pruned)"));
    return render(chain.chainId(), view);
  }

  static ObjectNode render(String chainId, LightBlockView view) {
    LightBlock light = view.lightBlock();
    Header header = light.getSignedHeader().getHeader();
    ObjectNode out = JsonViews.object();
    out.put("chain_id", chainId);
    out.put("height", header.getHeight());
    out.put("hash", Hex.encode(BlockHashes.header(header)));
    out.set("header", JsonViews.header(header));
    out.set("commit", JsonViews.commit(light.getSignedHeader().getCommit()));
    out.set("validator_set", JsonViews.validatorSet(light.getValidatorSet()));
    if (view.nextValidatorSet().isPresent()) {
      out.set("next_validator_set", JsonViews.validatorSet(view.nextValidatorSet().get()));
    } else {
      out.putNull("next_validator_set");
    }
    ObjectNode encoded = out.putObject("encoded");
    encoded.put("light_block", JsonViews.base64(light.toByteArray()));
    encoded.put("signed_header", JsonViews.base64(light.getSignedHeader().toByteArray()));
    encoded.put("validator_set", JsonViews.base64(light.getValidatorSet().toByteArray()));
    if (view.nextValidatorSet().isPresent()) {
      encoded.put(
          "next_validator_set", JsonViews.base64(view.nextValidatorSet().get().toByteArray()));
    } else {
      encoded.putNull("next_validator_set");
    }
    return out;
  }
}
