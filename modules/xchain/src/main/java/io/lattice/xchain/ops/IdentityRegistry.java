package io.lattice.xchain.ops;

import io.lattice.proto.identity.v1.EncryptionKeys;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;

/** What register_user_with_stake needs from the chat chain's identity module (xchain.md §5.1). */
public interface IdentityRegistry {
  /**
   * Registers {@code username} for {@code owner} with the same checks as the identity module's own
   * MsgRegister (syntax, case-insensitive uniqueness, one name per account, key sizes).
   */
  void register(Context ctx, String owner, String username, EncryptionKeys keys) throws TxException;

  /**
   * Removes a registration made by {@link #register} (the rollback of §5.1 step 3), only if {@code
   * owner} still holds {@code username}: a rollback must never take away somebody else's name.
   */
  void remove(Context ctx, String owner, String username);
}
