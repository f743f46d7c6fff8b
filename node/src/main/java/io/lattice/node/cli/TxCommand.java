package io.lattice.node.cli;

import picocli.CommandLine.Command;

/** {@code lattice tx}. */
@Command(name = "tx", mixinStandardHelpOptions = true)
public final class TxCommand {}
