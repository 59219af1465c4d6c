using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Leaderboards;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Slack;
using SlackChampionBot.Slack.Blocks;
using SlackChampionBot.Slack.WebApi;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Leaderboards;

public sealed class WeeklyPostServiceTests
{
    // Friday 27 November 2026, 16:00 London (GMT) = the scheduled time of week 2026-W48 (23–29 November).
    private static readonly DateTimeOffset Scheduled = new(2026, 11, 27, 16, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly WeekStart = new(2026, 11, 23);

    private static DateTime Utc(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);

    private static Task<WeeklyPostOutcome> Run(LeaderboardsWorld world) =>
        world.With<WeeklyPostService, WeeklyPostOutcome>(s => s.PostIfDue(CancellationToken.None));

    private static Task<WeeklyPost?> Row(LeaderboardsWorld world) =>
        world.Db(db => db.Set<WeeklyPost>().AsNoTracking().SingleOrDefaultAsync(p => p.WeekStart == WeekStart));

    private static void VerifyPosts(LeaderboardsWorld world, int times) =>
        world.Chat.Verify(c => c.PostMessage(It.IsAny<Message>(), It.IsAny<CancellationToken>()), Times.Exactly(times));

    [Fact]
    public async Task PostIfDue_AtScheduledTime_ArchivesPostsAndRecordsTheTs()
    {
        await using var world = new LeaderboardsWorld(Scheduled.AddSeconds(5));
        await world.Star("UA", 3, Utc(2026, 11, 24));
        await world.Star("UB", 1, Utc(2026, 11, 25));
        await world.Star("UA", 9, Utc(2026, 11, 27, 16, 30)); // after the scheduled time: not in this post

        Assert.Equal(WeeklyPostOutcome.Posted, await Run(world));

        VerifyPosts(world, 1);
        world.Chat.Verify(c => c.PostMessage(It.Is<Message>(m => m.Channel == "C0LEADER"), It.IsAny<CancellationToken>()));
        var row = await Row(world);
        Assert.Equal(WeeklyPostState.Posted, row!.State);
        Assert.Equal("1700000000.000100", row.MessageTs);
        Assert.Equal("UA", row.ChampionUserId);
        Assert.Equal(Scheduled.UtcDateTime, row.DueAt);
        var archived = await world.With<WeeklyPostContentBuilder, IReadOnlyList<Standing>?>(s => s.ArchivedWeek(LeaderboardsWorld.Team, WeekStart, CancellationToken.None));
        Assert.Equal([("UA", 1, 3), ("UB", 2, 1)], archived!.Select(s => (s.UserId, s.Rank, s.Stars)));
        Assert.Equal([("UA", WeekStart)], world.Titles.ChampionsOfTheWeek);
    }

    [Fact]
    public async Task PostIfDue_RunAgainAfterRestart_DoesNotPostTwice()
    {
        await using var world = new LeaderboardsWorld(Scheduled.AddSeconds(5));
        await world.Star("UA", 3, Utc(2026, 11, 24));
        Assert.Equal(WeeklyPostOutcome.Posted, await Run(world));

        world.NewServices(); // a restart: new container, same database file
        world.Time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(WeeklyPostOutcome.AlreadyPosted, await Run(world));
        VerifyPosts(world, 1);
    }

    [Fact]
    public async Task PostIfDue_ProcessStoppedWhilePosting_IsNotPostedAgainAndSaysSo()
    {
        await using var world = new LeaderboardsWorld(Scheduled.AddSeconds(5));
        await world.Star("UA", 3, Utc(2026, 11, 24));
        world.Chat.Setup(c => c.PostMessage(It.IsAny<Message>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TaskCanceledException("the process was stopped mid-request"));

        await Assert.ThrowsAsync<TaskCanceledException>(() => Run(world));
        Assert.Equal(WeeklyPostState.Posting, (await Row(world))!.State);

        world.Chat.Reset();
        world.NewServices();
        world.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(WeeklyPostOutcome.OutcomeUnknown, await Run(world));
        VerifyPosts(world, 0);
        Assert.Contains(world.Logs.Entries, e => e.EventId == 6003 && e.Message.Contains("2026-W48", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("timeout")]
    [InlineData("http_503")]
    [InlineData("internal_error")]
    public async Task PostIfDue_AmbiguousSlackError_LeavesWeekPostingSoRetryDoesNotPost(string errorCode)
    {
        await using var world = new LeaderboardsWorld(Scheduled.AddSeconds(5));
        world.Chat.Setup(c => c.PostMessage(It.IsAny<Message>(), It.IsAny<CancellationToken>())).ThrowsAsync(new SlackException(errorCode, "chat.postMessage"));

        await Assert.ThrowsAsync<SlackException>(() => Run(world));
        Assert.Equal(WeeklyPostOutcome.OutcomeUnknown, await Run(world));

        VerifyPosts(world, 1);
    }

    [Fact]
    public async Task PostIfDue_SlackRefused_RetryPostsOnceAndOnlyOnce()
    {
        await using var world = new LeaderboardsWorld(Scheduled.AddSeconds(5));
        await world.Star("UA", 3, Utc(2026, 11, 24));
        var calls = 0;
        world.Chat.Setup(c => c.PostMessage(It.IsAny<Message>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Message m, CancellationToken _) => ++calls == 1
                ? throw new SlackException("not_in_channel", "chat.postMessage")
                : new PostMessageResponse { Channel = m.Channel, Ts = "1700000000.000200" });

        await Assert.ThrowsAsync<SlackException>(() => Run(world));
        var failed = await Row(world);
        Assert.Equal((WeeklyPostState.Failed, "not_in_channel"), (failed!.State, failed.LastError));

        world.Time.Advance(TimeSpan.FromMinutes(1)); // the scheduler's retry
        Assert.Equal(WeeklyPostOutcome.Posted, await Run(world));
        Assert.Equal(WeeklyPostOutcome.AlreadyPosted, await Run(world));

        Assert.Equal(2, calls);
        var posted = await Row(world);
        Assert.Equal((WeeklyPostState.Posted, "1700000000.000200", 2), (posted!.State, posted.MessageTs, posted.Attempts));
    }

    [Fact]
    public async Task PostIfDue_BotWasDownAndReturnsWithinWindow_PostsTheMissedWeekAsOfItsScheduledTime()
    {
        await using var world = new LeaderboardsWorld(Scheduled.AddHours(20)); // Saturday 12:00
        await world.Star("UA", 3, Utc(2026, 11, 24));
        await world.Star("UB", 5, Utc(2026, 11, 28, 9)); // Saturday morning: after the scheduled time
        Message? sent = null;
        world.Chat.Setup(c => c.PostMessage(It.IsAny<Message>(), It.IsAny<CancellationToken>()))
            .Callback((Message m, CancellationToken _) => sent = m)
            .ReturnsAsync(new PostMessageResponse { Channel = "C0LEADER", Ts = "1.2" });

        // The start-up check runs the job once.
        await using (var scope = world.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WeeklyLeaderboardJob>().CatchUp(CancellationToken.None);
        }

        VerifyPosts(world, 1);
        Assert.Equal("UA", (await Row(world))!.ChampionUserId);
        Assert.Contains(sent!.Blocks!.OfType<SectionBlock>(), b => b.Text?.Text.Contains("UA", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task PostIfDue_BotReturnsAfterTheWindow_DoesNotPostTheOldWeek()
    {
        await using var world = new LeaderboardsWorld(Scheduled.AddHours(25));
        await world.Star("UA", 3, Utc(2026, 11, 24));

        Assert.Equal(WeeklyPostOutcome.NotDue, await Run(world));

        VerifyPosts(world, 0);
        Assert.Null(await Row(world));
    }

    [Fact]
    public async Task PostIfDue_BeforeTheScheduledTime_NothingIsDue()
    {
        await using var world = new LeaderboardsWorld(Scheduled.AddMinutes(-1));

        Assert.Equal(WeeklyPostOutcome.NotDue, await Run(world));
        VerifyPosts(world, 0);
    }

    [Fact]
    public async Task PostIfDue_NoChannelConfigured_PostsNothingAndLogsOneClearLine()
    {
        await using var world = new LeaderboardsWorld(Scheduled.AddSeconds(5));
        world.Settings["Leaderboards:Channel"] = "";
        world.NewServices();
        await world.Star("UA", 3, Utc(2026, 11, 24));

        Assert.Equal(WeeklyPostOutcome.NoChannel, await Run(world));

        VerifyPosts(world, 0);
        Assert.Null(await Row(world));
        var line = Assert.Single(world.Logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(6000, line.EventId);
        Assert.Contains("Leaderboards:Channel is not set", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostIfDue_ConcurrentRuns_PostOnce()
    {
        await using var world = new LeaderboardsWorld(Scheduled.AddSeconds(5));
        await world.Star("UA", 3, Utc(2026, 11, 24));
        var other = world.NewServices();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try
            {
                await using var scope = other.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<WeeklyPostService>().PostIfDue(CancellationToken.None);
            }
            catch (DbUpdateException)
            {
                return WeeklyPostOutcome.OutcomeUnknown;
            }
        }));

        VerifyPosts(world, 1);
        Assert.Single(outcomes, o => o == WeeklyPostOutcome.Posted);
    }

    [Fact]
    public async Task PostIfDue_TwoRunsPastTheArchiveRaceForTheClaim_PostOnce()
    {
        await using var world = new LeaderboardsWorld(Scheduled.AddSeconds(5));
        await world.Star("UA", 3, Utc(2026, 11, 24));
        var calls = 0;
        world.Chat.Setup(c => c.PostMessage(It.IsAny<Message>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Message m, CancellationToken _) => Interlocked.Increment(ref calls) == 1
                ? throw new SlackException("not_in_channel", "chat.postMessage")
                : new PostMessageResponse { Channel = m.Channel, Ts = "1700000000.000300" });

        // A first run archived the week and Slack refused it: the row waits as Failed, so the next runs skip the
        // archive insert and go straight to the claim.
        await Assert.ThrowsAsync<SlackException>(() => Run(world));
        Assert.Equal(WeeklyPostState.Failed, (await Row(world))!.State);

        // Two runs (the scheduler's retry and a start-up catch-up, say) both read the row as claimable before
        // either claim lands; only the conditional claim stands between them and a second post.
        var barrier = new WeeklyClaimBarrier(2);
        world.DbInterceptors.Add(barrier);
        var services = world.NewServices();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var scope = services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<WeeklyPostService>().PostIfDue(CancellationToken.None);
        }));

        Assert.Equal(2, barrier.Arrived);
        Assert.Equal(2, calls); // the refused attempt and exactly one post
        // The loser returns without posting; it says AlreadyPosted or OutcomeUnknown depending on whether the winner
        // has finished its post when the loser looks again.
        Assert.Single(outcomes, o => o == WeeklyPostOutcome.Posted);
        Assert.Contains(outcomes, o => o is WeeklyPostOutcome.AlreadyPosted or WeeklyPostOutcome.OutcomeUnknown);
        var posted = await Row(world);
        Assert.Equal((WeeklyPostState.Posted, "1700000000.000300", 2), (posted!.State, posted.MessageTs, posted.Attempts));
    }

    [Fact]
    public async Task Build_TieAtTheTop_BrokenByMostDistinctCheerersThenEarliestToReachTheTotal()
    {
        await using var world = new LeaderboardsWorld(Scheduled.AddSeconds(5));

        // UA and UB both have 3; UA has 2 distinct cheerers, UB has 1 (cheering twice counts once).
        await world.Star("UA", 1, Utc(2026, 11, 23, 9));
        await world.Star("UA", 1, Utc(2026, 11, 24, 9), StarReason.Cheer, giver: "UX");
        await world.Star("UA", 1, Utc(2026, 11, 26, 9), StarReason.Cheer, giver: "UY");
        await world.Star("UB", 1, Utc(2026, 11, 23, 8));
        await world.Star("UB", 1, Utc(2026, 11, 23, 8, 1), StarReason.Cheer, giver: "UX");
        await world.Star("UB", 1, Utc(2026, 11, 23, 8, 2), StarReason.Cheer, giver: "UX");

        // UC and UD: 2 each, one cheerer each; UD reached 2 first.
        await world.Star("UC", 1, Utc(2026, 11, 23, 7), StarReason.Cheer, giver: "UX");
        await world.Star("UC", 1, Utc(2026, 11, 25, 7));
        await world.Star("UD", 1, Utc(2026, 11, 23, 6), StarReason.Cheer, giver: "UY");
        await world.Star("UD", 1, Utc(2026, 11, 24, 6));

        var week = new Periods(TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).Containing(PeriodKind.Week, Scheduled.UtcDateTime);
        var first = await world.With<WeeklyPostContentBuilder, WeeklyPostContent>(s => s.Build(LeaderboardsWorld.Team, week, Scheduled.UtcDateTime, CancellationToken.None));
        Assert.Equal("UA", first.Champion!.UserId);

        await world.Star("UA", -1, Utc(2026, 11, 26, 10), StarReason.Reversal, reverses: 3); // UY's cheer on UA undone
        await world.Star("UB", -2, Utc(2026, 11, 26, 10), StarReason.Reversal);
        await world.Star("UA", -2, Utc(2026, 11, 26, 10), StarReason.Reversal); // now UA 0, UB 1; UC and UD lead with 2
        var second = await world.With<WeeklyPostContentBuilder, WeeklyPostContent>(s => s.Build(LeaderboardsWorld.Team, week, Scheduled.UtcDateTime, CancellationToken.None));
        Assert.Equal("UD", second.Champion!.UserId);
    }

    [Fact]
    public async Task Build_WinsClimbersAndNewChampions_AreAllThere()
    {
        await using var world = new LeaderboardsWorld(Scheduled.AddSeconds(5));
        var cutoff = Scheduled.UtcDateTime;

        // Last week: UA 1st, UB 2nd, UC 3rd.
        await world.Star("UA", 9, Utc(2026, 11, 17));
        await world.Star("UB", 5, Utc(2026, 11, 17));
        await world.Star("UC", 2, Utc(2026, 11, 17));

        // This week: UC 1st (up 2), UB 2nd, UE new, UA 4th.
        await world.Star("UC", 9, Utc(2026, 11, 24));
        await world.Star("UB", 5, Utc(2026, 11, 24));
        await world.Star("UE", 4, Utc(2026, 11, 24));
        await world.Star("UA", 1, Utc(2026, 11, 24));

        var quiet = await world.Win("UA", "We fixed the returns label for ACME", Utc(2026, 11, 23, 10), LifecycleStage.Returns, ExperienceKind.Service);
        var loud = await world.Win("UB", "Customer said <!channel> &amp; thanks\nSecond line", Utc(2026, 11, 24, 10), LifecycleStage.Support, ExperienceKind.Service, "https://example.slack.com/archives/C0WINS/p1");
        await world.Win("UC", "Untagged win for a customer today", Utc(2026, 11, 25, 10));
        await world.Star("UB", 1, Utc(2026, 11, 24, 11), StarReason.Cheer, giver: "UX", winId: loud.Id);
        await world.Star("UB", 1, Utc(2026, 11, 24, 12), StarReason.Cheer, giver: "UY", winId: loud.Id);
        await world.Star("UA", 1, Utc(2026, 11, 24, 12), StarReason.Cheer, giver: "UX", winId: quiet.Id);
        world.Titles.Granted.Add(new TitleBadge("UE", "Customer Champion", TitleKind.CustomerChampion, Utc(2026, 11, 24)));
        world.Titles.Granted.Add(new TitleBadge("UA", "Customer Champion", TitleKind.CustomerChampion, Utc(2026, 11, 10)));

        var week = new Periods(TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).Containing(PeriodKind.Week, cutoff);
        var content = await world.With<WeeklyPostContentBuilder, WeeklyPostContent>(s => s.Build(LeaderboardsWorld.Team, week, cutoff, CancellationToken.None));

        Assert.Equal(["UC", "UB", "UE", "UA"], content.Top.Select(t => t.UserId));
        Assert.Equal([("UC", 1, (int?)3, 2), ("UE", 3, null, 1)], content.Climbers.Select(c => (c.UserId, c.Rank, c.PreviousRank, c.PlacesGained)));
        Assert.Equal(["UE"], content.NewChampions.Select(c => c.UserId));
        Assert.Equal((loud.Id, 2), (content.WinOfTheWeek!.WinId, content.WinOfTheWeek.Cheerers));
        Assert.Equal(3, content.WinCount);
        Assert.Equal([KeyValuePair.Create<LifecycleStage?, int>(LifecycleStage.Returns, 1), KeyValuePair.Create<LifecycleStage?, int>(LifecycleStage.Support, 1), KeyValuePair.Create<LifecycleStage?, int>(null, 1)], content.WinsByStage);
        Assert.Equal([KeyValuePair.Create<ExperienceKind?, int>(ExperienceKind.Service, 2), KeyValuePair.Create<ExperienceKind?, int>(null, 1)], content.WinsByExperience);

        var message = LeaderboardBlocks.WeeklyPost(content, 10);
        var text = string.Join("\n", message.Blocks!.OfType<SectionBlock>().Select(b => b.Text?.Text));
        Assert.Contains("> Customer said @channel &amp; thanks\n> Second line", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", text, StringComparison.Ordinal);
        Assert.Contains("<https://example.slack.com/archives/C0WINS/p1|See the win>", text, StringComparison.Ordinal);
        var context = string.Join("\n", message.Blocks!.OfType<ContextBlock>().SelectMany(c => c.Elements.OfType<ContextText>()).Select(t => t.Text));
        Assert.Contains("Returns: 1 · Support: 1 · Not tagged: 1", context, StringComparison.Ordinal);
        Assert.Contains("Service: 2 · Not tagged: 1", context, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArchivedWeek_AfterPosting_ShowsLastWeeksBoardEvenAfterLaterStars()
    {
        await using var world = new LeaderboardsWorld(Scheduled.AddSeconds(5));
        await world.Star("UA", 3, Utc(2026, 11, 24));
        await world.Star("UB", 2, Utc(2026, 11, 24));
        await Run(world);

        await world.Star("UB", 10, Utc(2026, 11, 28)); // weekend stars: live table changes, the archive does not
        world.Time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

        var archived = await world.With<WeeklyPostContentBuilder, IReadOnlyList<Standing>?>(s => s.ArchivedWeek(LeaderboardsWorld.Team, WeekStart, CancellationToken.None));
        Assert.Equal([("UA", 3), ("UB", 2)], archived!.Select(s => (s.UserId, s.Stars)));
        Assert.Null(await world.With<WeeklyPostContentBuilder, IReadOnlyList<Standing>?>(s => s.ArchivedWeek(LeaderboardsWorld.Team, WeekStart.AddDays(7), CancellationToken.None)));
    }

    [Fact]
    public void LatestOccurrence_FridayFourPmLondonAcrossDst_IsFourPmLocal()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

        var summer = WeeklyPostService.LatestOccurrence("0 16 * * FRI", london, Utc(2026, 7, 3), Utc(2026, 7, 4));
        var winter = WeeklyPostService.LatestOccurrence("0 16 * * FRI", london, Utc(2026, 12, 4), Utc(2026, 12, 5));

        Assert.Equal(Utc(2026, 7, 3, 15), summer);
        Assert.Equal(Utc(2026, 12, 4, 16), winter);
    }

    [Fact]
    public async Task PostIfDue_ChartOn_UploadsThePictureToTheChannelAfterThePost()
    {
        await using var world = new LeaderboardsWorld(Scheduled.AddSeconds(5));
        await world.Star("UA", 3, Utc(2026, 11, 24));
        var posted = false;
        world.Chat.Setup(c => c.PostMessage(It.IsAny<Message>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Message m, CancellationToken _) =>
            {
                Assert.Empty(world.Uploads); // the picture follows the post, never goes before it
                posted = true;
                return new PostMessageResponse { Channel = m.Channel, Ts = "1700000000.000100" };
            });

        Assert.Equal(WeeklyPostOutcome.Posted, await Run(world));

        Assert.True(posted);
        var upload = Assert.Single(world.Uploads);
        Assert.Equal("C0LEADER", upload.Channel);
        Assert.Equal("weekly-leaderboard-2026-W48.png", upload.Name);
        Assert.Equal((WeeklyChart.Width, WeeklyChart.Height), Png.Size(upload.Content));
    }

    [Fact]
    public async Task PostIfDue_ChartOff_UploadsNothing()
    {
        await using var world = new LeaderboardsWorld(Scheduled.AddSeconds(5));
        world.Settings["Leaderboards:Chart"] = "false";
        world.NewServices();
        await world.Star("UA", 3, Utc(2026, 11, 24));

        Assert.Equal(WeeklyPostOutcome.Posted, await Run(world));

        VerifyPosts(world, 1);
        Assert.Empty(world.Uploads);
    }

    [Fact]
    public async Task PostIfDue_ChartUploadRefused_ThePostStandsOnceAndTheWarningSaysSo()
    {
        await using var world = new LeaderboardsWorld(Scheduled.AddSeconds(5));
        await world.Star("UA", 3, Utc(2026, 11, 24));
        world.UploadFailure = new SlackException("missing_scope", "files.getUploadURLExternal");

        Assert.Equal(WeeklyPostOutcome.Posted, await Run(world));
        Assert.Equal(WeeklyPostOutcome.AlreadyPosted, await Run(world)); // a retry neither posts nor uploads again

        VerifyPosts(world, 1);
        Assert.Single(world.Uploads);
        Assert.Equal(WeeklyPostState.Posted, (await Row(world))!.State);
        var warning = Assert.Single(world.Logs.Entries, e => e.EventId == 6011);
        Assert.Contains("missing_scope", warning.Message, StringComparison.Ordinal);
    }
}
