using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Features.Data;
using SlackChampionBot.Features.Leaderboards;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Tests.Features.Pulse;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Data;

/// <summary>
/// <c>/stars forget @person</c> through the real host: afterwards no table (and no byte of the file or its WAL) holds
/// the person's ID, name or win text, their stars have left the boards, and everyone else's totals are unchanged.
/// </summary>
public sealed class PersonEraserTests
{
    private const string Erin = "U0ERINFORGET";
    private const string ErinsName = "Erin Erasable";
    private const string ErinsWords = "Zephyr Logistics";
    private const string Alice = "U0ALICE";
    private const string Bob = "U0BOB";
    private static readonly string[] Others = [Alice, Bob, DataWorld.Admin];

    [SqliteOnlyFact]
    public async Task Forget_APersonWithWinsCheersCreditsTitlesANominationAndAnArchivedPlace_LeavesNoTraceAndOthersTotalsUnchanged()
    {
        await using var world = await DataWorld.Start(
            new()
            {
                ["Wins:MaxPaidWinsPerDay"] = "1",
                ["Champions:Managers:0"] = Bob,
                ["Champions:Milestones:0:Stars"] = "2",
                ["Champions:Milestones:0:Title"] = "Duo",
                ["Leaderboards:Teams:0"] = "S0TEAM",
            },
            arrange: slack => slack.AddUserGroup("S0TEAM", "team", [Erin, Alice], "The Team"));
        world.Slack.AddUser(Erin, "erin", tz: "Europe/London", displayName: ErinsName);
        world.Slack.AddUser(Alice, "alice", tz: "Europe/London", displayName: "Alice Able");
        world.Slack.AddUser(Bob, "bob", tz: "Europe/London", displayName: "Bob Boss");

        // Erin's life in the bot: wins (one of them past the paid wins a day: a refused star), credits both ways,
        // cheers both ways, a milestone title, a nomination, an opt-out, a team, board totals and an archived place.
        var erinsWin = await world.Post(Erin, $"#win {ErinsWords} got their pallets on time thanks to <@{Alice}>");
        await world.Post(Erin, $"#win A second one for {ErinsWords} the same day");
        var alicesWin = await world.Post(Alice, $"#win Harbour Foods' launch was saved with <@{Erin}|erin> and <@{Bob}>");
        var bobsWin = await world.Post(Bob, "#win Bob talked a customer through their refund, step by step");
        await world.Cheer(Erin, Bob, bobsWin);
        await world.Cheer(Alice, Erin, erinsWin);
        await world.Bot.SendCommand("/champion", $"<@{Erin}|erin> stayed late so {ErinsName} could ship {ErinsWords}'s order", Bob);
        await world.Bot.SendCommand("/stars", "hide", Erin);
        await world.Stars(Alice, string.Empty); // folds the board totals
        await world.Bot.Db(async db =>
        {
            db.Add(new WeeklySnapshotRow { TeamId = BotHarness.TeamId, WeekStart = new DateOnly(2026, 11, 16), UserId = Erin, Rank = 1, Stars = 9 });
            db.Add(new WeeklySnapshotRow { TeamId = BotHarness.TeamId, WeekStart = new DateOnly(2026, 11, 16), UserId = Alice, Rank = 2, Stars = 4 });
            var now = world.Bot.Time.GetUtcNow().UtcDateTime;
            var survey = new PulseSurvey { TeamId = BotHarness.TeamId, Number = 1, OpenedAt = now, RemindAt = now.AddDays(1), ClosesAt = now.AddDays(3), Threshold = 5 };
            db.Add(survey);
            await db.SaveChangesAsync();
            db.Add(new PulseDelivery { TeamId = survey.TeamId, SurveyId = survey.Id, UserId = Erin, State = PulseDeliveryState.Sent });
            await db.SaveChangesAsync();
        });
        Assert.NotEmpty(await PulseDatabaseScan.TablesContaining(world.Bot.DatabasePath, [Erin, ErinsName, ErinsWords])); // the scan sees her before

        var before = await Totals(world);
        var ledgerBefore = await world.Entries();
        var erinsBalance = ledgerBefore.Where(e => e.ReceiverId == Erin).Sum(e => e.Amount);

        var prompt = await world.Stars(DataWorld.Admin, $"forget <@{Erin}|erin>");
        Assert.Contains($"run `/stars forget <@{Erin}> confirm`", prompt);
        Assert.Equal(ledgerBefore.Count, (await world.Entries()).Count); // nothing happens without the confirmation

        Assert.StartsWith($"Erasing <@{Erin}>", await world.Stars(DataWorld.Admin, $"forget <@{Erin}|erin> confirm"));
        Assert.StartsWith($"Done: <@{Erin}> is erased.", await world.Dm(DataWorld.Admin));

        Assert.Empty(await PulseDatabaseScan.TablesContaining(world.Bot.DatabasePath, [Erin, ErinsName, ErinsWords]));
        Assert.Empty(PulseDatabaseScan.FoundInFileBytes(world.Bot.DatabasePath, [Erin, ErinsName, ErinsWords]));

        // Everyone else's stars, totals and history are as they were; hers carry one pseudonym and leave the boards.
        Assert.Equal(before, await Totals(world));
        var ledgerAfter = await world.Entries();
        Assert.Equal(ledgerBefore.Select(e => (e.Id, e.Amount, e.Reason, e.WinId)), ledgerAfter.Select(e => (e.Id, e.Amount, e.Reason, e.WinId)));
        var pseudonym = Assert.Single(ledgerAfter.Select(e => e.ReceiverId).Concat(ledgerAfter.Select(e => e.GiverId)).OfType<string>().Where(ErasedPeople.IsPseudonym).Distinct());
        Assert.Equal(erinsBalance, ledgerAfter.Where(e => e.ReceiverId == pseudonym).Sum(e => e.Amount));
        var board = await world.Bot.SendCommand("/leaderboard", "all", Alice);
        Assert.DoesNotContain(pseudonym, board!.ToJsonString());
        Assert.DoesNotContain(Erin, board.ToJsonString());

        // Alice's own win keeps her words; the mention of Erin is reworded.
        var alicesText = await world.Bot.Db(db => db.Set<SlackChampionBot.Features.Wins.Win>().Where(w => w.MessageTs == alicesWin).Select(w => w.Text).SingleAsync());
        Assert.Equal($"#win Harbour Foods' launch was saved with {PersonEraser.MentionReplacement} and <@{Bob}>", alicesText);
    }

    [Fact]
    public async Task Forget_AskedByHrOrAColleague_IsRefused_AndNothingIsErased()
    {
        await using var world = await DataWorld.Start();
        world.Slack.AddUser(Alice, "alice");
        await world.Post(Alice, "#win Harbour Foods' launch was saved just in time");

        Assert.StartsWith(DataBlocks.ForgetRefused, await world.Stars(DataWorld.Hr, $"forget <@{Alice}> confirm"));
        Assert.StartsWith(DataBlocks.ForgetRefused, await world.Stars(Alice, $"forget <@{Alice}> confirm"));
        Assert.StartsWith(DataBlocks.ForgetUsage, await world.Stars(DataWorld.Admin, "forget alice"));
        Assert.All(await world.Entries(), e => Assert.Equal(Alice, e.ReceiverId));
    }

    [Theory]
    [InlineData("Thanks <@U0ERIN> and <@U0ERIN|erin>!", "Thanks a former colleague and a former colleague!")]
    [InlineData("Thanks <@U0ERIN2> and <@U0BOB>", "Thanks <@U0ERIN2> and <@U0BOB>")] // a longer ID that starts the same is someone else
    public void WithoutMentionsOf_ReplacesOnlyThatPersonsMentions(string text, string expected) =>
        Assert.Equal(expected, PersonEraser.WithoutMentionsOf(text, "U0ERIN"));

    /// <summary>Every person's ledger balance and board totals (week, month, quarter, all time), but Erin's.</summary>
    private static Task<Dictionary<string, string>> Totals(DataWorld world) => world.Bot.Db(async db =>
    {
        var result = new Dictionary<string, string>();
        foreach (var person in Others)
        {
            var balance = await db.Set<StarEntry>().Where(e => e.ReceiverId == person).SumAsync(e => e.Amount);
            var periods = await db.Set<StarPeriodTotal>().Where(t => t.ReceiverId == person).OrderBy(t => t.Kind).Select(t => $"{t.Kind}:{t.PeriodStart}:{t.Stars}").ToListAsync();
            result[person] = $"{balance} | {string.Join(", ", periods)}";
        }

        return result;
    });
}
