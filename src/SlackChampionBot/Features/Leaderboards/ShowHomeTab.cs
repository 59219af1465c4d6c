namespace SlackChampionBot.Features.Leaderboards;

/// <summary>App Home: publishes the person's stars, titles, recent wins and the week's top 5 when they open the tab.</summary>
internal sealed class ShowHomeTab(LeaderboardService leaderboards, ISlackApiClient slack, SlackRequestContext context, ILogger<ShowHomeTab> logger) : IEventHandler<AppHomeOpened>
{
    public const int TopOfTheWeek = 5;

    public async Task Handle(AppHomeOpened slackEvent)
    {
        if (slackEvent.Tab is not (null or "home") || !Mrkdwn.IsUserId(slackEvent.User))
        {
            return;
        }

        var ct = CancellationToken.None;
        var card = await leaderboards.Card(context.TeamId, slackEvent.User, ct);
        var week = await leaderboards.Table(context.TeamId, PeriodKind.Week, null, null, TopOfTheWeek, ct);
        try
        {
            await slack.Views.Publish(slackEvent.User, LeaderboardBlocks.Home(card, week), cancellationToken: ct);
        }
        catch (SlackException ex)
        {
            LeaderboardsLog.HomeNotPublished(logger, slackEvent.User, ex.ErrorCode);
        }
    }
}
