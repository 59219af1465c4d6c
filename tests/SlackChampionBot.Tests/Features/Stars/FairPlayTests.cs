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

    private static async Task<Slack.Events.MessageEvent> PostWin(WinsTestBed bed, string number)
    {
        var message = bed.Message(Alice, $"#win {Story} (number {number})");
        await bed.Deliver(message);
        return message;
    }
}
