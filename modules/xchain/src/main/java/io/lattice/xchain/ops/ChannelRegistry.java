package io.lattice.xchain.ops;

import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;

/** What create_channel_with_fee needs from the chat chain's channels module (xchain.md §5.2). */
public interface ChannelRegistry {
  /** Creates channel {@code name} owned by {@code owner}, with the module's own checks. */
  void create(Context ctx, String owner, String name, boolean inviteOnly) throws TxException;

  /** Removes a channel made by {@link #create} (rollback). */
  void remove(Context ctx, String name);
}
