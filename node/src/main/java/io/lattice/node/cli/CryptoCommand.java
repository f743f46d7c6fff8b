package io.lattice.node.cli;

import picocli.CommandLine.Command;

/** {@code lattice crypto}. */
@Command(name = "crypto", mixinStandardHelpOptions = true)
public final class CryptoCommand {}
