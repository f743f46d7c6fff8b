package io.lattice.node.cli;

import picocli.CommandLine.Command;

/** {@code lattice status}. */
@Command(name = "status", mixinStandardHelpOptions = true)
public final class StatusCommand {}
