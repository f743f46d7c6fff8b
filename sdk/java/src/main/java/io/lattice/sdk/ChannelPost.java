package io.lattice.sdk;

import java.time.Instant;

/** A post in a channel ({@code GET /v1/query/channels/posts}); channel posts are plaintext. */
public record ChannelPost(
    String channel, long id, String author, String content, long height, Instant time) {}
