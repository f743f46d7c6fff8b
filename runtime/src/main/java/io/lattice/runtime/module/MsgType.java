package io.lattice.runtime.module;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.List;

/**
 * A message type a module handles: its type URL ({@code "/lattice.bank.v1.MsgSend"}), its parser,
 * the addresses that must sign it, its stateless checks and its handler.
 */
public record MsgType<M extends Message>(
    String typeUrl,
    Class<M> type,
    Parser<M> parser,
    Signers<M> signers,
    StatelessCheck<M> check,
    Handler<M> handler) {

  /** The type URL of a message class: {@code "/" + full proto name}. */
  public static String typeUrlOf(Message prototype) {
    return "/" + prototype.getDescriptorForType().getFullName();
  }

  /** Required signers of a message, in order, possibly with repeats. */
  @FunctionalInterface
  public interface Signers<M> {
    List<String> of(M msg);
  }

  /** Checks that need no state (address formats, positive amounts). */
  @FunctionalInterface
  public interface StatelessCheck<M> {
    void check(M msg) throws TxException;
  }

  /** Executes the message against state. */
  @FunctionalInterface
  public interface Handler<M> {
    void handle(Context ctx, M msg) throws TxException;
  }

  /** Casts and runs the stateless check (the pipeline holds messages untyped). */
  public void checkUntyped(Message msg) throws TxException {
    check.check(type.cast(msg));
  }

  public List<String> signersUntyped(Message msg) {
    return signers.of(type.cast(msg));
  }

  public void handleUntyped(Context ctx, Message msg) throws TxException {
    handler.handle(ctx, type.cast(msg));
  }
}
