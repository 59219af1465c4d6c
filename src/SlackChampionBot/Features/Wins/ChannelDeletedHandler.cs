namespace SlackChampionBot.Features.Wins;

/// <summary>
/// A channel was deleted (public: <c>channel_deleted</c>, private: <c>group_deleted</c>): its messages are gone, so
/// the wins posted in it are deleted and their stars reversed. An archived channel keeps its messages (they stay
/// readable in Slack's history), so archiving changes nothing and the bot does not listen for it.
/// </summary>
internal sealed class ChannelDeletedHandler(WinService wins, SlackRequestContext context) : IEventHandler<ChannelDeleted>, IEventHandler<GroupDeleted>
{
    public Task Handle(ChannelDeleted slackEvent) => Deleted(slackEvent.Channel);

    public Task Handle(GroupDeleted slackEvent) => Deleted(slackEvent.Channel);

    private Task Deleted(string channelId) =>
        string.IsNullOrEmpty(channelId) ? Task.CompletedTask : wins.ApplyChannelDeleted(context.TeamId, channelId, context.EventId);
}
