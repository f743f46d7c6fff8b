package io.lattice.p2p.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.p2p.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BanListTest {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final BanList bans = new BanList(now::get);

  @Test
  void banExpires() {
    bans.ban(TestKeys.id(1), Duration.ofMinutes(10));
    assertThat(bans.bannedUntil(TestKeys.id(1))).contains(Instant.parse("2026-01-01T00:10:00Z"));
    assertThat(bans.isBanned(TestKeys.id(2))).isFalse();
    now.set(now.get().plus(Duration.ofMinutes(9)));
    assertThat(bans.isBanned(TestKeys.id(1))).isTrue();
    now.set(now.get().plus(Duration.ofMinutes(1)));
    assertThat(bans.isBanned(TestKeys.id(1))).isFalse();
  }

  @Test
  void aShorterBanDoesNotCutALongerOne() {
    bans.ban(TestKeys.id(1), Duration.ofHours(1));
    bans.ban(TestKeys.id(1), Duration.ofMinutes(1));
    now.set(now.get().plus(Duration.ofMinutes(30)));
    assertThat(bans.isBanned(TestKeys.id(1))).isTrue();
    bans.unban(TestKeys.id(1));
    assertThat(bans.isBanned(TestKeys.id(1))).isFalse();
  }
}
