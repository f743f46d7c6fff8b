import type { ChatChainClient } from "@lattice/sdk";

export interface ChannelInfo {
  name: string;
  owner: string;
  invite_only: boolean;
  description: string;
  member_count: string;
  post_count: string;
}

export interface Post {
  id: string;
  author: string;
  content: string;
  height: string;
  time: string;
}

/** The channels query routes (modules/channels README), typed. */
export const channelsApi = {
  channel: (chat: ChatChainClient, name: string) => chat.node.query<ChannelInfo>("channels", "channel", { name }),
  posts: async (chat: ChatChainClient, channel: string) => (await chat.node.query<{ posts: Post[] }>("channels", "posts", { channel, limit: 100 })).posts,
  channelsOf: async (chat: ChatChainClient, address: string) => (await chat.node.query<{ channels: { name: string; role: string }[] }>("channels", "channels_of", { address })).channels,
};
