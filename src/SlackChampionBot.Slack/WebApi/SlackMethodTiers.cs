namespace SlackChampionBot.Slack.WebApi;

internal enum SlackRateTier
{
    Tier1,
    Tier2,
    Tier3,
    Tier4,

    /// <summary>Methods Slack allows hundreds of times per minute (auth.test, chat.getPermalink).</summary>
    Special,

    /// <summary>chat.postMessage: one message per second per channel, several hundred per minute per workspace.</summary>
    PostMessage,
}

/// <summary>The one table of Slack Web API methods and their rate-limit tiers (slack-protocol.md §7).</summary>
internal static class SlackMethodTiers
{
    private static readonly Dictionary<string, SlackRateTier> Tiers = new(StringComparer.Ordinal)
    {
        ["auth.test"] = SlackRateTier.Special,
        ["chat.postMessage"] = SlackRateTier.PostMessage,
        ["chat.postEphemeral"] = SlackRateTier.Tier4,
        ["chat.update"] = SlackRateTier.Tier3,
        ["chat.delete"] = SlackRateTier.Tier3,
        ["chat.getPermalink"] = SlackRateTier.Special,
        ["reactions.add"] = SlackRateTier.Tier3,
        ["reactions.remove"] = SlackRateTier.Tier2,
        ["views.open"] = SlackRateTier.Tier4,
        ["views.publish"] = SlackRateTier.Tier4,
        ["views.update"] = SlackRateTier.Tier4,
        ["views.push"] = SlackRateTier.Tier4,
        ["users.info"] = SlackRateTier.Tier4,
        ["users.list"] = SlackRateTier.Tier2,
        ["users.lookupByEmail"] = SlackRateTier.Tier3,
        ["users.conversations"] = SlackRateTier.Tier2,
        ["conversations.open"] = SlackRateTier.Tier3,
        ["conversations.members"] = SlackRateTier.Tier4,
        ["conversations.info"] = SlackRateTier.Tier3,
        ["conversations.list"] = SlackRateTier.Tier2,
        ["conversations.history"] = SlackRateTier.Tier3,
        ["conversations.replies"] = SlackRateTier.Tier3,
        ["usergroups.list"] = SlackRateTier.Tier2,
        ["usergroups.users.list"] = SlackRateTier.Tier2,
        ["team.info"] = SlackRateTier.Tier3,
        ["bots.info"] = SlackRateTier.Tier3,
        ["apps.connections.open"] = SlackRateTier.Tier1,

        // Not in slack-protocol.md; Slack's method reference pages list both as Tier 4.
        ["files.getUploadURLExternal"] = SlackRateTier.Tier4,
        ["files.completeUploadExternal"] = SlackRateTier.Tier4,
    };

    /// <summary>The tier of <paramref name="method"/>; unknown methods are treated as Tier 2, the cautious choice.</summary>
    public static SlackRateTier TierOf(string method) =>
        Tiers.TryGetValue(method, out var tier) ? tier : SlackRateTier.Tier2;
}
