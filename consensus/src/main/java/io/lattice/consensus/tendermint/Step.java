package io.lattice.consensus.tendermint;

/**
 * The step of a round (docs/spec/consensus.md, "State"). {@link #COMMIT} is the wait between a
 * decision and the next height. The {@link #code()} is the value written in WAL timeout records.
 */
public enum Step {
  PROPOSE(1),
  PREVOTE(2),
  PRECOMMIT(3),
  COMMIT(4);

  private final int code;

  Step(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /**
   * @throws IllegalArgumentException for a code that names no step
   */
  public static Step fromCode(int code) {
    for (Step s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown round step code " + code);
  }
}
