package io.lattice.node.cli;

import picocli.CommandLine.Command;

/** {@code lattice up}. */
@Command(name = "up", mixinStandardHelpOptions = true)
public final class UpCommand {}
