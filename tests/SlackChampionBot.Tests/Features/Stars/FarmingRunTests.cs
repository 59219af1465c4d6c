using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Tests.Features.Wins;
using SlackChampionBot.Tests.Support;
using Xunit.Abstractions;

namespace SlackChampionBot.Tests.Features.Stars;

/// <summary>
/// The black-box farming run of issue #13: two accounts trade #win messages crediting each other, and star every win
/// of the other's, for a simulated week, through the real host (signed events in, the fake Slack out, a fake clock).
/// It prints the stars each earned (run it on an older build to compare: it only uses the host and the fake Slack).
/// </summary>
public sealed class FarmingRunTests(ITestOutputHelper output)
{
    private const string WinsChannel = "C0WINS";
    private const string Farmer = "U0FARMER";
    private const string Friend = "U0FRIEND";
    private const int Days = 7;
    private const int WinsPerPersonPerDay = 8;

    [Fact]
    public async Task FarmingRun_TwoAccountsTradingCreditedWinsAndCheersForAWeek_EarnOnlyWhatFairPlayAllows()
    {
        // Monday 2 November 2026, 09:00 in London: the week stays inside one calendar month.
        await using var bot = await BotHarness.Start(new Dictionary<string, string?> { ["Wins:Channels:0"] = WinsChannel }, new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        bot.Slack.AddUser(Farmer, "farmer", tz: "Europe/London");
        bot.Slack.AddUser(Friend, "friend", tz: "Europe/London");
        var ts = 0;
        string NextTs() => $"{bot.Time.GetUtcNow().ToUnixTimeSeconds()}.{++ts:D6}";

        for (var day = 0; day < Days; day++)
        {
            for (var i = 0; i < WinsPerPersonPerDay; i++)
            {
                foreach (var (poster, partner) in new[] { (Farmer, Friend), (Friend, Farmer) })
                {
                    var win = NextTs();
                    await bot.SendEventAndWait(WinEvents.Message(WinsChannel, poster, $"#win Day {day + 1}, number {i + 1}: we sorted out a customer's order together with <@{partner}>", win));
                    await bot.SendEventAndWait(WinEvents.Cheer(WinsChannel, partner, poster, win, NextTs()));
                }

                bot.Time.Advance(TimeSpan.FromMinutes(20));
            }

            bot.Time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(20 * WinsPerPersonPerDay));
        }

        var entries = await bot.Db(db => db.Set<StarEntry>().AsNoTracking().ToListAsync());
        var wins = Days * WinsPerPersonPerDay;
        foreach (var person in new[] { Farmer, Friend })
        {
            var mine = entries.Where(e => e.ReceiverId == person).ToList();
            var byReason = string.Join(", ", mine.GroupBy(e => e.Reason).OrderBy(g => g.Key).Select(g => $"{g.Key.ToString().ToLowerInvariant()} {g.Sum(e => e.Amount)}"));
            output.WriteLine($"{person}: {mine.Sum(e => e.Amount)} stars from {wins} wins, {wins} credits and {wins} cheers offered in {Days} days ({byReason})");
        }

        // Fair play: 3 paid wins a day for posting, and at most 10 stars a month from one person to the other,
        // cheers and credits together (each one's daily allowance of 5 would otherwise allow 35 in the week).
        foreach (var person in new[] { Farmer, Friend })
        {
            Assert.Equal((3 * Days) + 10, entries.Where(e => e.ReceiverId == person).Sum(e => e.Amount));
        }
    }
}
