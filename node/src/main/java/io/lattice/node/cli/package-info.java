/** The picocli command line: {@code lattice init|start|up|keys|tx|query|status|crypto}. */
package io.lattice.node.cli;
