package io.lattice.node.cli;

import picocli.CommandLine.Command;

/** {@code lattice query}. */
@Command(name = "query", mixinStandardHelpOptions = true)
public final class QueryCommand {}
