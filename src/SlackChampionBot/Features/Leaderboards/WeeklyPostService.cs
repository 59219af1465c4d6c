using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Features.Workspaces;
using SlackChampionBot.Persistence;
using SlackChampionBot.Rendering;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Leaderboards;

internal enum WeeklyPostOutcome
{
    NoChannel,
    NotDue,
    Posted,
    AlreadyPosted,

    /// <summary>An earlier attempt stopped mid-post: it may be in the channel, so it is not posted again.</summary>
    OutcomeUnknown,
}

/// <summary>
/// The weekly leaderboard post, at most once per ISO week. The database decides what is due:
/// <list type="number">
/// <item>The week due is the one holding the latest scheduled time (<c>Leaderboards:WeeklyPostCron</c>, company zone)
/// within the catch-up window; its table counts stars up to that scheduled time, so a catch-up or a retry posts
/// exactly what would have been posted on time.</item>
/// <item>First run for a week: the table is archived (<see cref="WeeklySnapshotRow"/>) and a <see cref="WeeklyPost"/> row
/// is inserted as Pending, in one transaction (the primary key makes a second claimer fail).</item>
/// <item>A run moves Pending/Failed → Posting with a conditional update (only one run wins), then calls
/// chat.postMessage, then marks Posted with the ts.</item>
/// <item>When Slack definitely did not post (an ok:false error such as channel_not_found, or no connection) the row
/// goes back to Failed and the job throws, so the scheduler retries and the next run posts.</item>
/// <item>When the outcome is unknown (the process died mid-call, a timeout, a 5xx, Slack's internal_error) the row
/// stays Posting and no run posts it again: a missing post is fixable by hand, a double post is not. The log says
/// how to release it.</item>
/// </list>
/// </summary>
internal sealed class WeeklyPostService(
    BotDbContext db,
    ISlackApiClient slack,
    SlackConnection connection,
    ITitleService titles,
    WeeklyPostContentBuilder contents,
    IOptions<LeaderboardOptions> options,
    IOptions<SchedulingOptions> scheduling,
    TimeProvider time,
    ILogger<WeeklyPostService> logger)
{
    private readonly Periods _periods = new(scheduling.Value.TimeZoneInfo);

    /// <summary>
    /// How far back a scheduled run looks for its own occurrence: it runs at (or seconds, or with the scheduler's
    /// retries hours, after) its time, so the latest occurrence within a week is the one it was scheduled for.
    /// </summary>
    public static readonly TimeSpan ScheduledRunLookback = TimeSpan.FromDays(7);

    /// <summary>
    /// The start-up check: posts a week whose scheduled time passed while the bot was down, if it is within
    /// <c>Leaderboards:CatchUpWindowHours</c> (0: never catch up).
    /// </summary>
    public Task<WeeklyPostOutcome> PostIfDue(CancellationToken cancellationToken) =>
        PostLatest(TimeSpan.FromHours(options.Value.CatchUpWindowHours), cancellationToken);

    /// <summary>
    /// The scheduled job: posts its own occurrence, whatever the catch-up window (which is only for runs missed while
    /// the bot was down). A run a few seconds late, or a retry, still finds its week.
    /// </summary>
    public Task<WeeklyPostOutcome> PostScheduled(CancellationToken cancellationToken) =>
        PostLatest(TimeSpan.FromHours(Math.Max(options.Value.CatchUpWindowHours, ScheduledRunLookback.TotalHours)), cancellationToken);

    private async Task<WeeklyPostOutcome> PostLatest(TimeSpan lookback, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.ChannelConfigured)
        {
            LeaderboardsLog.NoChannel(logger);
            return WeeklyPostOutcome.NoChannel;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var due = LatestOccurrence(settings.WeeklyPostCron, _periods.Zone, now - lookback, now);
        if (due is null)
        {
            LeaderboardsLog.NothingDue(logger, (int)lookback.TotalHours);
            return WeeklyPostOutcome.NotDue;
        }

        var identity = await connection.WaitForIdentity(cancellationToken);
        return await PostWeek(identity.TeamId, due.Value, settings.Channel!.Trim(), cancellationToken);
    }

    /// <summary>The last scheduled time in [fromUtc, toUtc], or null.</summary>
    public static DateTime? LatestOccurrence(string cron, TimeZoneInfo zone, DateTime fromUtc, DateTime toUtc) =>
        CronSchedule.Occurrences(cron, zone, fromUtc, toUtc).Select(d => (DateTime?)d).LastOrDefault();

    public async Task<WeeklyPostOutcome> PostWeek(string teamId, DateTime dueUtc, string channel, CancellationToken cancellationToken)
    {
        var week = _periods.Containing(PeriodKind.Week, dueUtc);
        var label = Label(week);
        var post = await Find(teamId, week.Start, cancellationToken) ?? await Archive(teamId, week, dueUtc, label, cancellationToken);
        switch (post.State)
        {
            case WeeklyPostState.Posted:
                LeaderboardsLog.AlreadyPosted(logger, label);
                return WeeklyPostOutcome.AlreadyPosted;
            case WeeklyPostState.Posting:
                LeaderboardsLog.OutcomeUnknown(logger, label, teamId);
                return WeeklyPostOutcome.OutcomeUnknown;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await db.Set<WeeklyPost>()
            .Where(p => p.TeamId == teamId && p.WeekStart == week.Start && (p.State == WeeklyPostState.Pending || p.State == WeeklyPostState.Failed))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, WeeklyPostState.Posting).SetProperty(p => p.Attempts, p => p.Attempts + 1).SetProperty(p => p.ClaimedAt, now), cancellationToken);
        if (claimed == 0)
        {
            // Another run claimed it between our read and our update.
            var current = await Find(teamId, week.Start, cancellationToken);
            return current?.State == WeeklyPostState.Posted ? WeeklyPostOutcome.AlreadyPosted : WeeklyPostOutcome.OutcomeUnknown;
        }

        Message message;
        WeeklyPostContent content;
        try
        {
            content = await contents.Build(teamId, week, post.DueAt, cancellationToken);
            if (content.Champion is { } champion)
            {
                await titles.RecordChampionOfTheWeek(teamId, champion.UserId, week.Start, cancellationToken);
            }

            message = LeaderboardBlocks.WeeklyPost(content, options.Value.TopN);
            message.Channel = channel;
        }
        catch (Exception ex)
        {
            // Nothing was sent yet: release the claim so the retry can post.
            await MarkFailed(teamId, week.Start, ex.GetType().Name);
            throw;
        }

        PostMessageResponse response;
        try
        {
            response = await slack.Chat.PostMessage(message, cancellationToken);
        }
        catch (Exception ex) when (DefinitelyNotPosted(ex))
        {
            var reason = ex is SlackException slackError ? slackError.ErrorCode : ex.GetType().Name;
            await MarkFailed(teamId, week.Start, reason);
            LeaderboardsLog.PostFailed(logger, label, reason);
            throw;
        }
        catch (Exception ex)
        {
            LeaderboardsLog.PostAmbiguous(logger, label, ex);
            throw;
        }

        var postedAt = time.GetUtcNow().UtcDateTime;
        var championId = content.Champion?.UserId;
        await db.Set<WeeklyPost>()
            .Where(p => p.TeamId == teamId && p.WeekStart == week.Start)
            .ExecuteUpdateAsync(
                s => s.SetProperty(p => p.State, WeeklyPostState.Posted)
                    .SetProperty(p => p.PostedAt, postedAt)
                    .SetProperty(p => p.ChannelId, response.Channel ?? channel)
                    .SetProperty(p => p.MessageTs, response.Ts)
                    .SetProperty(p => p.ChampionUserId, championId)
                    .SetProperty(p => p.LastError, (string?)null),
                CancellationToken.None);
        LeaderboardsLog.Posted(logger, label, response.Channel ?? channel, response.Ts);
        await UploadChart(content, response.Channel ?? channel, label, cancellationToken);
        return WeeklyPostOutcome.Posted;
    }

    /// <summary>
    /// The post's picture, after the post is marked Posted: a failed upload is logged and not retried, because a retry
    /// of the job must never post the week again (and a restart between the post and this leaves the week without one).
    /// </summary>
    private async Task UploadChart(WeeklyPostContent content, string channel, string label, CancellationToken cancellationToken)
    {
        if (!options.Value.Chart)
        {
            return;
        }

        try
        {
            if (WeeklyChart.Render(content) is { } png)
            {
                await slack.Files.Upload(png, $"weekly-leaderboard-{label}.png", channel, $"Weekly leaderboard {label}: the top {WeeklyChart.TopPlaces} and the week's wins", null, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LeaderboardsLog.ChartNotUploaded(logger, label, ex is SlackException slackError ? slackError.ErrorCode : ex.GetType().Name);
        }
    }

    /// <summary>Slack said no (ok:false) or was never reached: nothing is in the channel.</summary>
    internal static bool DefinitelyNotPosted(Exception exception) => exception switch
    {
        SlackException slackError => !(slackError.ErrorCode is "timeout" or "internal_error" or "fatal_error" or "request_timeout" || slackError.ErrorCode.StartsWith("http_5", StringComparison.Ordinal)),
        HttpRequestException http => http.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError,
        _ => false,
    };

    private Task<WeeklyPost?> Find(string teamId, DateOnly weekStart, CancellationToken cancellationToken) =>
        db.Set<WeeklyPost>().AsNoTracking().SingleOrDefaultAsync(p => p.TeamId == teamId && p.WeekStart == weekStart, cancellationToken);

    /// <summary>Archives the week's table as of the scheduled time and claims the week (Pending), in one transaction.</summary>
    private async Task<WeeklyPost> Archive(string teamId, Period week, DateTime dueUtc, string label, CancellationToken cancellationToken)
    {
        var table = await contents.LiveTable(teamId, week, dueUtc, cancellationToken);
        var post = new WeeklyPost
        {
            TeamId = teamId,
            WeekStart = week.Start,
            State = WeeklyPostState.Pending,
            DueAt = dueUtc,
            ClaimedAt = time.GetUtcNow().UtcDateTime,
        };
        try
        {
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            await db.Set<WeeklySnapshotRow>().Where(s => s.TeamId == teamId && s.WeekStart == week.Start).ExecuteDeleteAsync(cancellationToken);
            db.AddRange(table.Select(s => new WeeklySnapshotRow { TeamId = teamId, WeekStart = week.Start, UserId = s.UserId, Rank = s.Rank, Stars = s.Stars }));
            db.Add(post);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LeaderboardsLog.Archived(logger, label, table.Count);
            return post;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another run archived and claimed the week first: use its row.
            db.ChangeTracker.Clear();
            return await Find(teamId, week.Start, cancellationToken) ?? throw new InvalidOperationException($"The weekly post row for {label} vanished.");
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task MarkFailed(string teamId, DateOnly weekStart, string reason) =>
        await db.Set<WeeklyPost>()
            .Where(p => p.TeamId == teamId && p.WeekStart == weekStart && p.State == WeeklyPostState.Posting)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, WeeklyPostState.Failed).SetProperty(p => p.LastError, Mrkdwn.Truncate(reason, 500)), CancellationToken.None);

    internal static string Label(Period week)
    {
        var (year, number) = week.IsoWeek;
        return string.Create(CultureInfo.InvariantCulture, $"{year}-W{number:00}");
    }
}
