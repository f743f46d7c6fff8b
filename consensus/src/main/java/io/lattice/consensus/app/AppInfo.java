package io.lattice.consensus.app;

/** The application's last committed height and app hash. */
public record AppInfo(long height, byte[] appHash) {}
