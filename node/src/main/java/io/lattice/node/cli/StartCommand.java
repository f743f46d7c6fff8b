package io.lattice.node.cli;

import picocli.CommandLine.Command;

/** {@code lattice start}. */
@Command(name = "start", mixinStandardHelpOptions = true)
public final class StartCommand {}
