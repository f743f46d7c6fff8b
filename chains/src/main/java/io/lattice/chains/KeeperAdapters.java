package io.lattice.chains;

import io.lattice.channels.ChannelsKeeper;
import io.lattice.identity.IdentityKeeper;
import io.lattice.proto.identity.v1.EncryptionKeys;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import io.lattice.staking.StakingKeeper;
import io.lattice.xchain.ops.ChannelRegistry;
import io.lattice.xchain.ops.IdentityRegistry;
import io.lattice.xchain.ops.StakeBonder;

/**
 * The real keepers as the small interfaces the cross-chain operations expect (xchain depends on
 * none of the identity, channels or staking modules; this module ties them together).
 */
public final class KeeperAdapters {
  private KeeperAdapters() {}

  /** Identity registrations of register_user_with_stake, with the identity module's own checks. */
  public static IdentityRegistry identity(IdentityKeeper keeper) {
    return new IdentityRegistry() {
      @Override
      public void register(Context ctx, String owner, String username, EncryptionKeys keys)
          throws TxException {
        keeper.register(ctx, owner, username, keys);
      }

      @Override
      public void remove(Context ctx, String owner, String username) {
        keeper.remove(ctx, username, owner);
      }
    };
  }

  /** Channel creations of create_channel_with_fee, with the channels module's own checks. */
  public static ChannelRegistry channels(ChannelsKeeper keeper) {
    return new ChannelRegistry() {
      @Override
      public void create(Context ctx, String owner, String name, boolean inviteOnly)
          throws TxException {
        keeper.create(ctx, owner, name, inviteOnly);
      }

      @Override
      public void remove(Context ctx, String name) {
        keeper.remove(ctx, name);
      }
    };
  }

  /** The bond step of register_user_with_stake: a (possibly locked) delegation. */
  public static StakeBonder staking(StakingKeeper keeper) {
    return keeper::delegate;
  }
}
