package io.lattice.p2p.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.p2p.ChannelDescriptor;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendQueuesTest {
  private static final ChannelDescriptor HIGH = new ChannelDescriptor(1, "high", 10, 1000, 1 << 20);
  private static final ChannelDescriptor LOW = new ChannelDescriptor(2, "low", 1, 1000, 1 << 20);
  private static final ChannelDescriptor SMALL = new ChannelDescriptor(3, "small", 1, 2, 100);

  @Test
  void refusesWhenTheChannelQueueIsFull() {
    SendQueues q = new SendQueues(List.of(SMALL));
    assertThat(q.offer(3, new byte[1])).isTrue();
    assertThat(q.offer(3, new byte[1])).isTrue();
    assertThat(q.offer(3, new byte[1])).isFalse();
    assertThat(q.queued(3)).isEqualTo(2);
    q.nextChunk(100);
    assertThat(q.offer(3, new byte[1])).isTrue();
  }

  @Test
  void refusesUndeclaredChannelsAndOversizeMessages() {
    SendQueues q = new SendQueues(List.of(SMALL));
    assertThatThrownBy(() -> q.offer(9, new byte[1])).hasMessageContaining("not declared");
    assertThatThrownBy(() -> q.offer(3, new byte[101])).hasMessageContaining("maximum of 100");
  }

  @Test
  void cutsMessagesIntoChunksMarkingTheLast() {
    SendQueues q = new SendQueues(List.of(HIGH));
    byte[] message = new byte[25];
    for (int i = 0; i < message.length; i++) {
      message[i] = (byte) i;
    }
    q.offer(1, message);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    int chunks = 0;
    byte[] c;
    while ((c = q.nextChunk(10)) != null) {
      chunks++;
      assertThat(c[0]).isEqualTo((byte) 1);
      assertThat(c[1]).isEqualTo((byte) (q.isEmpty() ? SendQueues.FLAG_LAST : 0));
      joined.write(c, SendQueues.HEADER_BYTES, c.length - SendQueues.HEADER_BYTES);
    }
    assertThat(chunks).isEqualTo(3);
    assertThat(joined.toByteArray()).isEqualTo(message);
  }

  @Test
  void bandwidthSplitsByPriorityWithoutStarvingTheLowChannel() {
    SendQueues q = new SendQueues(List.of(LOW, HIGH));
    for (int i = 0; i < 500; i++) {
      q.offer(1, new byte[100]);
      q.offer(2, new byte[100]);
    }
    int high = 0;
    int low = 0;
    for (int i = 0; i < 220; i++) {
      byte[] c = q.nextChunk(1000);
      if (c[0] == 1) {
        high++;
      } else {
        low++;
      }
    }
    assertThat(low).isPositive();
    assertThat(high).isGreaterThan(5 * low);
  }

  @Test
  void emptyMessageIsOneLastChunk() {
    SendQueues q = new SendQueues(List.of(HIGH));
    q.offer(1, new byte[0]);
    assertThat(q.nextChunk(10)).containsExactly(1, SendQueues.FLAG_LAST);
    assertThat(q.nextChunk(10)).isNull();
  }
}
