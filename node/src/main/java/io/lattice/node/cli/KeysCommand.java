package io.lattice.node.cli;

import picocli.CommandLine.Command;

/** {@code lattice keys}. */
@Command(name = "keys", mixinStandardHelpOptions = true)
public final class KeysCommand {}
