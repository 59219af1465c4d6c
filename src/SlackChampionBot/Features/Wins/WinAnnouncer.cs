namespace SlackChampionBot.Features.Wins;

/// <summary>Says things about wins in Slack: the celebration (thread reply + reaction) and private notes.</summary>
internal sealed class WinAnnouncer(ISlackApiClient slack, ILogger<WinAnnouncer> logger)
{
    public const string CelebrationReaction = "star";

    public async Task Celebrate(WinCelebration celebration, CancellationToken cancellationToken = default)
    {
        try
        {
            await slack.Chat.PostMessage(WinsBlocks.Celebration(celebration), cancellationToken);
        }
        catch (SlackException ex)
        {
            WinsLog.CelebrationFailed(logger, celebration.WinId, ex.ErrorCode);
        }

        try
        {
            await slack.Reactions.AddToMessage(CelebrationReaction, celebration.ChannelId, celebration.MessageTs, cancellationToken);
        }
        catch (SlackException ex) when (ex.ErrorCode == "already_reacted")
        {
            // A redelivery or a person got there first: the star is on the message either way.
        }
        catch (SlackException ex)
        {
            WinsLog.CelebrationFailed(logger, celebration.WinId, ex.ErrorCode);
        }
    }

    /// <summary>A message only <paramref name="userId"/> sees in <paramref name="channelId"/> (text must already be safe mrkdwn).</summary>
    public async Task TellPrivately(string userId, string channelId, string text, CancellationToken cancellationToken = default)
    {
        try
        {
            await slack.Chat.PostEphemeral(userId, new Message { Channel = channelId, Text = text }, cancellationToken);
        }
        catch (SlackException ex)
        {
            WinsLog.EphemeralFailed(logger, userId, channelId, ex.ErrorCode);
        }
    }
}
