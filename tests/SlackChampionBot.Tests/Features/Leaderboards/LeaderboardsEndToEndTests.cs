using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Features.Leaderboards;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Leaderboards;

/// <summary>Through the real host: signed slash commands and events in, Web API calls out to the fake Slack.</summary>
public sealed class LeaderboardsEndToEndTests
{
    // Friday 27 November 2026, 18:00 London: two hours after the weekly post was due.
    private static readonly DateTimeOffset FridayEvening = new(2026, 11, 27, 18, 0, 0, TimeSpan.Zero);

    private static Task AddStars(BotHarness bot, params (string Receiver, int Amount)[] stars) => bot.Db(async db =>
    {
        var at = bot.Time.GetUtcNow().UtcDateTime.AddHours(-1);
        db.AddRange(stars.Select((s, i) => new StarEntry
        {
            TeamId = BotHarness.TeamId,
            ReceiverId = s.Receiver,
            Amount = s.Amount,
            Reason = StarReason.Win,
            NaturalKey = $"e2e:{s.Receiver}:{i}:{Guid.NewGuid():N}",
            CreatedAt = at,
        }));
        await db.SaveChangesAsync();
    });

    private static string Texts(System.Text.Json.Nodes.JsonNode? node) => SlackTexts.Of(node);

    [Fact]
    public async Task Leaderboard_SignedSlashCommand_AnswersPrivatelyWithTableAndOwnRank()
    {
        await using var bot = await BotHarness.Start();
        await AddStars(bot, ("U0AAA", 5), ("U0BBB", 3), ("U0CCC", 3));

        var answer = await bot.SendCommand("/leaderboard", "week", "U0CCC");

        var json = Texts(answer);
        Assert.Equal("ephemeral", answer!["response_type"]?.GetValue<string>());
        Assert.Contains("*1st* U0AAA — 5 gold stars", json, StringComparison.Ordinal);
        Assert.Contains("*=2nd* U0BBB — 3 gold stars", json, StringComparison.Ordinal);
        Assert.Contains("You are *=2nd* with 3 gold stars; 2 gold stars more to move up a place.", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stars_HideThroughTheHost_LeavesThePersonOffTheBoard()
    {
        await using var bot = await BotHarness.Start();
        await AddStars(bot, ("U0AAA", 5), ("U0BBB", 3));

        var hide = await bot.SendCommand("/stars", "hide", "U0AAA");
        var board = await bot.SendCommand("/leaderboard", "", "U0BBB");

        Assert.Contains("no longer appear", hide!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("U0AAA", Texts(board), StringComparison.Ordinal);
        Assert.Contains("*1st* U0BBB", Texts(board), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppHomeOpened_SignedEvent_PublishesHomeWithShareWinButton()
    {
        await using var bot = await BotHarness.Start();
        await AddStars(bot, ("U0AAA", 2));

        await bot.SendEventAndWait(new Dictionary<string, object> { ["type"] = "app_home_opened", ["user"] = "U0AAA", ["channel"] = "D0AAA", ["tab"] = "home" });

        var publish = Assert.Single(await bot.Slack.WaitForCalls("views.publish", 1, TimeSpan.FromSeconds(10)));
        Assert.Equal("U0AAA", publish.Arg("user_id"));
        Assert.Contains("open_win_modal", publish.Arg("view"), StringComparison.Ordinal);
        Assert.Contains("2 gold stars", publish.Arg("view"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WeeklyPost_HostStartsWithinCatchUpWindow_PostsTheMissedWeekOnce()
    {
        await using var bot = await BotHarness.Start(new Dictionary<string, string?> { ["Leaderboards:Channel"] = "C0LEADER" }, FridayEvening);

        var posts = await bot.Slack.WaitForCalls("chat.postMessage", 1, TimeSpan.FromSeconds(15));
        var post = Assert.Single(posts, p => p.Arg("channel") == "C0LEADER");
        Assert.Contains("Weekly leaderboard", post.Arg("text"), StringComparison.Ordinal);

        // The fake saw the call before the bot recorded its answer: wait for the week to be marked posted.
        for (var i = 0; i < 300 && await bot.Db(db => db.Set<WeeklyPost>().AnyAsync(w => w.State != WeeklyPostState.Posted)); i++)
        {
            await Task.Delay(50);
        }

        // The scheduler's own run (and any retry) finds the week done.
        Assert.Equal(WeeklyPostOutcome.AlreadyPosted, await bot.InScope<WeeklyPostService, WeeklyPostOutcome>(s => s.PostIfDue(CancellationToken.None)));
        Assert.Single(bot.Slack.Calls("chat.postMessage"), p => p.Arg("channel") == "C0LEADER");
        var row = await bot.Db(db => db.Set<WeeklyPost>().SingleAsync());
        Assert.Equal((WeeklyPostState.Posted, new DateOnly(2026, 11, 23)), (row.State, row.WeekStart));
        Assert.False(string.IsNullOrEmpty(row.MessageTs));
    }

    [Fact]
    public async Task WeeklyPost_NoChannelConfigured_HostPostsNothing()
    {
        await using var bot = await BotHarness.Start(now: FridayEvening);

        Assert.Equal(WeeklyPostOutcome.NoChannel, await bot.InScope<WeeklyPostService, WeeklyPostOutcome>(s => s.PostIfDue(CancellationToken.None)));

        Assert.Empty(bot.Slack.Calls("chat.postMessage"));
        Assert.Equal(0, await bot.Db(db => db.Set<WeeklyPost>().CountAsync()));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("help")]
    [InlineData("week support")]
    [InlineData("month @support")]
    public async Task Leaderboard_UnknownWordOrPlainTeamName_AnswersWithTheUsageAndThePeriods(string text)
    {
        await using var bot = await BotHarness.Start(new Dictionary<string, string?> { ["Leaderboards:Teams:0"] = "S0SUP" });

        var answer = Texts(await bot.SendCommand("/leaderboard", text, "U0CCC"));

        Assert.DoesNotContain("I don't know the team", answer, StringComparison.Ordinal);
        Assert.Contains("`/leaderboard [week|month|quarter|all] [@team]`", answer, StringComparison.Ordinal);
        Assert.Contains("`week`", answer, StringComparison.Ordinal);
        Assert.Contains("`all`", answer, StringComparison.Ordinal);
        Assert.Contains("Slack's @ list", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaderboard_TeamPickedFromTheAtList_ShowsThatTeamsTable()
    {
        await using var bot = await BotHarness.Start(
            new Dictionary<string, string?> { ["Leaderboards:Teams:0"] = "S0SUP" },
            arrange: slack => slack.AddUserGroup("S0SUP", "support", ["U0AAA"], name: "Support"));
        await AddStars(bot, ("U0AAA", 5), ("U0BBB", 3));
        for (var i = 0; i < 300 && !await bot.Db(db => db.Set<SlackChampionBot.Features.Teams.UserGroupMember>().AnyAsync(m => m.GroupId == "S0SUP")); i++)
        {
            await Task.Delay(50); // the start-up user group sync runs in the background
        }

        var answer = Texts(await bot.SendCommand("/leaderboard", "month <!subteam^S0SUP|@support>", "U0AAA"));

        Assert.Contains("*1st* U0AAA — 5 gold stars", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("U0BBB", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WeeklyPost_CatchUpWindowZero_TheScheduledRunSecondsLatePostsItsWeek()
    {
        // Friday 16:00:05 London: the scheduler runs the job a few seconds after its time.
        var justAfter = new DateTimeOffset(2026, 11, 27, 16, 0, 5, TimeSpan.Zero);
        await using var bot = await BotHarness.Start(
            new Dictionary<string, string?> { ["Leaderboards:Channel"] = "C0LEADER", ["Leaderboards:CatchUpWindowHours"] = "0" },
            justAfter);
        await AddStars(bot, ("U0AAA", 5));

        await bot.InScope<WeeklyLeaderboardJob, bool>(async job =>
        {
            await job.Run(CancellationToken.None);
            return true;
        });

        var post = Assert.Single(bot.Slack.Calls("chat.postMessage"), p => p.Arg("channel") == "C0LEADER");
        Assert.Contains("Weekly leaderboard", post.Arg("text"), StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 11, 23), (await bot.Db(db => db.Set<WeeklyPost>().SingleAsync())).WeekStart);
    }

    [Fact]
    public async Task WeeklyPost_CatchUpWindowZero_AStartUpAfterTheTimePostsNothing()
    {
        await using var bot = await BotHarness.Start(
            new Dictionary<string, string?> { ["Leaderboards:Channel"] = "C0LEADER", ["Leaderboards:CatchUpWindowHours"] = "0" },
            FridayEvening);

        Assert.Equal(WeeklyPostOutcome.NotDue, await bot.InScope<WeeklyPostService, WeeklyPostOutcome>(s => s.PostIfDue(CancellationToken.None)));
        Assert.Empty(bot.Slack.Calls("chat.postMessage"));
    }
}
