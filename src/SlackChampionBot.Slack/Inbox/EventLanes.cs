using SlackChampionBot.Slack.Events;

namespace SlackChampionBot.Slack.Inbox;

/// <summary>
/// The ordering key of an event: the <see cref="EventDispatcher"/> runs events with the same key one after another,
/// in the order they arrived, and events with different keys side by side. A key is what must stay in order:
/// <list type="bullet">
/// <item>everything in a channel (a message, its edits and its deletion, the reactions on it, the channel's deletion)
/// shares the channel's key, so a cheer never runs before the win it cheers and Slack's pacing of posts into a channel
/// holds up only that channel;</item>
/// <item>an App Home opening is keyed by its user, so it never waits behind channel posts;</item>
/// <item>anything else is keyed by its event type.</item>
/// </list>
/// A person's cheers in different channels run side by side: their daily allowance is checked inside the ledger's
/// write transaction, so two at once cannot both take the last star.
/// </summary>
internal static class EventLanes
{
    public static string KeyOf(Event slackEvent) => slackEvent switch
    {
        MessageEvent { Channel: { Length: > 0 } channel } => Channel(channel),
        ReactionEvent { Item.Channel: { Length: > 0 } channel } => Channel(channel),
        ReactionEvent reaction => "user:" + reaction.User,
        ChannelDeleted { Channel: { Length: > 0 } channel } => Channel(channel),
        GroupDeleted { Channel: { Length: > 0 } channel } => Channel(channel),
        AppHomeOpened home => "home:" + home.User,
        MemberJoinedChannel joined => Channel(joined.Channel),
        _ => "type:" + slackEvent.Type,
    };

    private static string Channel(string id) => "channel:" + id;
}
