package io.lattice.node.cli;

import picocli.CommandLine.Command;

/** {@code lattice init}. */
@Command(name = "init", mixinStandardHelpOptions = true)
public final class InitCommand {}
