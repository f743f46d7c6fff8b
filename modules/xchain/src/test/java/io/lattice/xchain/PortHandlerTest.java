package io.lattice.xchain;

import static io.lattice.xchain.Refusals.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.proto.xchain.v1.Acknowledgement;
import io.lattice.proto.xchain.v1.CreateChannel;
import io.lattice.proto.xchain.v1.Packet;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.GenesisJson;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.module.MsgType;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.state.StateMap;
import io.lattice.xchain.relayer.Relayer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A module of its own on the xchain port API (xchain.md §4): sends with {@code sendPacket},
 * receives in a nested cache (a failure becomes an error ack and discards its writes), and hears
 * acks and timeouts.
 */
class PortHandlerTest {
  /** Port "ping": a message sends its name; the receiver stores it unless it is "fail". */
  static final class Ping implements Module, PortHandler {
    private final Schema schema = new Schema("ping");
    final StateMap<String, String> seen =
        schema.map(1, "seen", Codecs.STRING_KEY, TestIdentity.TEXT);
    final StateMap<String, String> outcomes =
        schema.map(2, "outcome", Codecs.STRING_KEY, TestIdentity.TEXT);
    private final XchainKeeper xchain;

    Ping(XchainKeeper xchain) {
      this.xchain = xchain;
      xchain.registerPort("ping", this);
    }

    @Override
    public Schema schema() {
      return schema;
    }

    @Override
    public List<MsgType<?>> messages() {
      return List.of(
          new MsgType<>(
              "/lattice.xchain.v1.CreateChannel",
              CreateChannel.class,
              CreateChannel.parser(),
              m -> List.of(m.getOwner()),
              m -> {},
              (ctx, m) ->
                  xchain.sendPacket(
                      ctx, "ping", "ping", m.getName().getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public byte[] onRecv(Context ctx, Packet packet) throws TxException {
      String name = packet.getData().toStringUtf8();
      seen.set(ctx.store(), name, "yes");
      if (name.equals("fail")) {
        throw new TxException("ping", 7, "ping refuses 'fail'");
      }
      return ("pong " + name).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void onAck(Context ctx, Packet packet, Acknowledgement ack) {
      outcomes.set(
          ctx.store(),
          packet.getData().toStringUtf8(),
          ack.hasError() ? "error: " + ack.getError() : ack.getResult().toStringUtf8());
    }

    @Override
    public void onTimeout(Context ctx, Packet packet) {
      outcomes.set(ctx.store(), packet.getData().toStringUtf8(), "timeout");
    }

    @Override
    public void initGenesis(Context ctx, JsonNode genesis) {}

    @Override
    public JsonNode exportGenesis(Context ctx) {
      return GenesisJson.object();
    }

    @Override
    public JsonNode defaultGenesis() {
      return GenesisJson.object();
    }
  }

  private static SimChain chain(String id, long seed, SimClock clock) {
    return new SimChain(
        id,
        XchainNet.GENESIS,
        seed,
        3,
        4,
        (k, sim) -> sim.extraModules.add(new Ping(k)),
        false,
        clock);
  }

  private static Ping ping(SimChain c) {
    return (Ping) c.extraModules.get(0);
  }

  @Test
  void packetsOfAnyModuleAreAcknowledgedWithResultOrErrorAndFailedWritesAreDiscarded()
      throws Exception {
    SimClock clock = new SimClock(XchainNet.GENESIS);
    SimChain a = chain("chain-a", 61, clock);
    SimChain b = chain("chain-b", 62, clock);
    a.genesis(a.genesisJson(Optional.of(b), AtomicOperationTest.params(5)));
    b.genesis(b.genesisJson(Optional.of(a), AtomicOperationTest.params(5)));
    String owner = a.addresses.get(1);
    ok(a, 1, CreateChannel.newBuilder().setOwner(owner).setName("hello").build());
    ok(a, 1, CreateChannel.newBuilder().setOwner(owner).setName("fail").build());
    Relayer relayer = new Relayer(a.endpoint(0), b.endpoint(0));
    for (int i = 0; i < 10 && !a.xchain.packets().pending(a.app.stateAt(0)).isEmpty(); i++) {
      if (relayer.relayOnce().idle()) {
        a.block();
        b.block();
      }
    }
    var aState = a.app.stateAt(0);
    var bState = b.app.stateAt(0);
    assertThat(ping(b).seen.get(bState, "hello")).contains("yes");
    assertThat(ping(b).seen.get(bState, "fail")).isEmpty(); // written, then discarded
    assertThat(ping(a).outcomes.get(aState, "hello")).contains("pong hello");
    assertThat(ping(a).outcomes.get(aState, "fail")).contains("error: ping refuses 'fail'");
    assertThat(b.xchain.packets().received(bState, 2)).isTrue();
    assertThat(b.xchain.packets().ack(bState, 2).orElseThrow().getError())
        .isEqualTo("ping refuses 'fail'");

    // a packet nobody relays in time is timed out and its module hears of it
    ok(a, 1, CreateChannel.newBuilder().setOwner(owner).setName("late").build());
    for (int i = 0; i < 8; i++) {
      b.block();
    }
    for (int i = 0; i < 10 && !a.xchain.packets().pending(a.app.stateAt(0)).isEmpty(); i++) {
      if (relayer.relayOnce().idle()) {
        a.block();
        b.block();
      }
    }
    assertThat(ping(a).outcomes.get(a.app.stateAt(0), "late")).contains("timeout");
    assertThat(ping(b).seen.get(b.app.stateAt(0), "late")).isEmpty();
  }
}
