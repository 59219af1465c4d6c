using SlackChampionBot.Features.Stars;
using SlackChampionBot.Tests.Features.Wins;

namespace SlackChampionBot.Tests.Features.Stars;

/// <summary>Fair play's own settings (the FairPlay section) as cheers meet them, over the wins test bed's real SQLite.</summary>
public sealed class FairPlayTests
{
    private const string Alice = "U0ALICE";
    private const string Giver = "U0GIVER";
    private const string Story = "Rescued the Hendersons' wedding order after the courier lost it";

    [Fact]
    public async Task CheckGift_FairPlayDailyGiveLimitAndOldNameBothSet_TheFairPlayKeyIsTheLimit()
    {
        await using var bed = new WinsTestBed(new() { ["FairPlay:DailyGiveLimit"] = "1", ["Wins:DailyGiveLimit"] = "8" });
        bed.AddUser(Alice, "alice");
        bed.AddUser(Giver, "giver");
        var first = await PostWin(bed, "one");
        var second = await PostWin(bed, "two");

        await bed.Deliver(bed.Cheer(Giver, first));
        await bed.Deliver(bed.Cheer(Giver, second));

        Assert.Equal(3, await bed.Balance(Alice)); // two wins and one cheer
        var (user, refusal) = Assert.Single(bed.Ephemerals);
        Assert.Equal(Giver, user);
        Assert.StartsWith("You've given 1 gold star today; your allowance resets at midnight your time", refusal.Text);
    }

    [Fact]
    public async Task CheckGift_FairPlayAllowGuests_LetsAGuestCheer()
    {
        await using var bed = new WinsTestBed(new() { ["FairPlay:AllowGuests"] = "true" });
        bed.AddUser(Alice, "alice");
        bed.AddUser(Giver, "agency", isGuest: true);
        var win = await PostWin(bed, "one");

        await bed.Deliver(bed.Cheer(Giver, win));

        Assert.Equal(2, await bed.Balance(Alice));
        Assert.Empty(bed.Ephemerals);
    }

    [Fact]
    public async Task CheckGift_GiverWithoutATimeZoneInSlack_GetsANewAllowanceAtTheCompanysMidnight()
    {
        // Company in Auckland (UTC+13 in March): 10:00 UTC is 23:00 there, 12:00 UTC is 01:00 the next day there, and
        // still the same day in UTC (where a missing zone must not fall back to).
        await using var bed = new WinsTestBed(
            new() { ["FairPlay:DailyGiveLimit"] = "1", ["Scheduling:TimeZone"] = "Pacific/Auckland" },
            new DateTimeOffset(2026, 3, 10, 10, 0, 0, TimeSpan.Zero));
        bed.AddUser(Alice, "alice");
        bed.AddUser(Giver, "giver", tz: null);
        var first = await PostWin(bed, "one");
        var second = await PostWin(bed, "two");
        var third = await PostWin(bed, "three");

        await bed.Deliver(bed.Cheer(Giver, first));
        await bed.Deliver(bed.Cheer(Giver, second)); // 23:00 in Auckland: today's one star is given
        bed.Time.Advance(TimeSpan.FromHours(2));
        await bed.Deliver(bed.Cheer(Giver, third)); // 01:00 in Auckland: a new day

        Assert.Equal(5, await bed.Balance(Alice)); // three wins and two cheers
        var (user, refusal) = Assert.Single(bed.Ephemerals);
        Assert.Equal(Giver, user);
        Assert.Equal("You've given 1 gold star today; your allowance resets at midnight your time, in 1 hour.", refusal.Text);
    }

    private static async Task<Slack.Events.MessageEvent> PostWin(WinsTestBed bed, string number)
    {
        var message = bed.Message(Alice, $"#win {Story} (number {number})");
        await bed.Deliver(message);
        return message;
    }
}
