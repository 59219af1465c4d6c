using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Persistence;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Tests.Features.Wins;

namespace SlackChampionBot.Tests.Features.Stars;

/// <summary>
/// Fair play's limits through the wins handlers over real SQLite: every star a person causes counts (cheers and the
/// credits in their wins), the paid wins a day, the credits a win pays, the monthly cap per pair, group allowances, and
/// a refusal that says which rule and when it resets. The bed's clock starts on Wednesday 11 March 2026, 12:00 UTC
/// (12:00 in London).
/// </summary>
public sealed class FairPlayLimitsTests
{
    private const string Alice = "U0ALICE";
    private const string Bob = "U0BOB";
    private const string Chen = "U0CHEN";
    private const string Dan = "U0DAN";
    private const string Story = "Rescued the Hendersons' wedding order after the courier lost it";

    private static WinsTestBed Bed(Dictionary<string, string?>? settings = null, DateTimeOffset? now = null)
    {
        var bed = new WinsTestBed(settings, now);
        foreach (var (id, name) in new[] { (Alice, "alice"), (Bob, "bob"), (Chen, "chen"), (Dan, "dan") })
        {
            bed.AddUser(id, name);
        }

        return bed;
    }

    private static async Task<MessageEvent> Post(WinsTestBed bed, string poster, string text)
    {
        var message = bed.Message(poster, $"#win {Story}. {text}");
        await bed.Deliver(message);
        return message;
    }

    private static List<string> EphemeralsTo(WinsTestBed bed, string user) =>
        bed.Ephemerals.Where(e => e.User == user).Select(e => e.Message.Text ?? string.Empty).ToList();

    [Fact]
    public async Task Record_CreditsBeyondThePostersDailyLimit_AreNamedButDoNotPay_AndThePosterIsToldWhich()
    {
        await using var bed = Bed(new() { ["FairPlay:DailyGiveLimit"] = "2" });

        await Post(bed, Alice, $"With <@{Bob}>, <@{Chen}> and <@{Dan}>");

        var credits = (await bed.Entries()).Where(e => e.Reason == StarReason.Credit).ToList();
        Assert.Equal([Bob, Chen], credits.Select(c => c.ReceiverId));
        Assert.All(credits, c => Assert.Equal(Alice, c.GiverId)); // the poster gives them: they count against her day
        Assert.Equal(0, await bed.Balance(Dan));
        Assert.Equal([Bob, Chen, Dan], (await bed.Wins()).Single().Credits.Select(c => c.UserId).Order()); // still named

        var reply = Assert.Single(bed.Posted);
        Assert.Equal($"⭐ Gold star for <@{Alice}> — 1st win this month! +1 star each for <@{Bob}> and <@{Chen}>", reply.Text);
        var note = Assert.Single(EphemeralsTo(bed, Alice));
        Assert.Equal(
            $"Your win is recorded! Not every star it could earn was paid: <@{Dan}> earned no star: you've given 2 gold stars today; your allowance resets at midnight your time, in 12 hours.",
            note);
    }

    [Fact]
    public async Task Record_CreditsCountWithCheers_ACheerAfterTheLimitIsRefused()
    {
        await using var bed = Bed(new() { ["FairPlay:DailyGiveLimit"] = "2" });
        var bobsWin = await Post(bed, Bob, "Solo");
        await Post(bed, Alice, $"With <@{Bob}> and <@{Chen}>");

        await bed.Deliver(bed.Cheer(Alice, bobsWin));

        Assert.DoesNotContain(await bed.Entries(), e => e.Reason == StarReason.Cheer);
        Assert.Equal("You've given 2 gold stars today; your allowance resets at midnight your time, in 12 hours.", EphemeralsTo(bed, Alice).Last());
    }

    [Fact]
    public async Task Record_SixthColleagueInAWin_IsNamedButNotPaid()
    {
        await using var bed = Bed(new() { ["FairPlay:DailyGiveLimit"] = "20" });
        var colleagues = Enumerable.Range(1, 6).Select(i => $"U0MATE{i}").ToList();
        colleagues.ForEach(c => bed.AddUser(c, c.ToLowerInvariant()));

        await Post(bed, Alice, string.Join(" ", colleagues.Select(c => $"<@{c}>")));

        Assert.Equal(colleagues[..5], (await bed.Entries()).Where(e => e.Reason == StarReason.Credit).Select(e => e.ReceiverId));
        Assert.DoesNotContain($"<@{colleagues[5]}>", Assert.Single(bed.Posted).Text);
        Assert.Equal(
            $"Your win is recorded! Not every star it could earn was paid: <@{colleagues[5]}> earned no star: a win pays at most 5 colleagues, the first 5 named.",
            Assert.Single(EphemeralsTo(bed, Alice)));
    }

    [Fact]
    public async Task Record_FourthWinInADay_IsShownButDoesNotPayItsPoster_UntilTheirMidnight()
    {
        await using var bed = Bed();

        for (var i = 1; i <= 4; i++)
        {
            await Post(bed, Alice, $"Number {i} with <@{Bob}>");
        }

        Assert.Equal(3, (await bed.Entries()).Count(e => e.Reason == StarReason.Win));
        Assert.Equal(4, (await bed.Entries()).Count(e => e.Reason == StarReason.Credit)); // the credits still pay (4 of Alice's 5 today)
        Assert.Equal(4, (await bed.Wins()).Count);
        Assert.Equal($"🎉 A customer win from <@{Alice}> — 4th win this month! +1 star for <@{Bob}>", bed.Posted[^1].Text);
        Assert.Equal(
            "Your win is recorded! Your wins earn you gold stars 3 times a day, so this one is recorded without a star for you; that resets at midnight your time, in 12 hours.",
            Assert.Single(EphemeralsTo(bed, Alice)));

        bed.Time.Advance(TimeSpan.FromHours(12));
        await Post(bed, Alice, "Number 5, the next day");
        Assert.Equal(4, (await bed.Entries()).Count(e => e.Reason == StarReason.Win));
        Assert.Single(await bed.Use(sp => sp.GetRequiredService<BotDbContext>().Set<RefusedStar>().Where(r => r.Rule == StarRefusal.PaidWinsPerDay).ToListAsync()));
    }

    [Fact]
    public async Task Allow_EleventhStarInAMonthFromAToB_IsRefusedWithTheReason_CheersAndCreditsTogether()
    {
        // Tuesday 24 March 2026, 12:00 UTC (London is on GMT until the 29th; the month ends at 1 April 00:00 BST).
        await using var bed = Bed(new() { ["Wins:MaxPaidWinsPerDay"] = "100" }, new DateTimeOffset(2026, 3, 24, 12, 0, 0, TimeSpan.Zero));
        var bobsWins = new List<MessageEvent>();
        for (var i = 0; i < 12; i++)
        {
            bobsWins.Add(await Post(bed, Bob, $"Bob's number {i}"));
        }

        await Post(bed, Alice, $"With <@{Bob}>"); // a credit: Alice's first star to Bob this month
        for (var i = 0; i < 4; i++)
        {
            await bed.Deliver(bed.Cheer(Alice, bobsWins[i]));
        }

        bed.Time.Advance(TimeSpan.FromDays(1));
        for (var i = 4; i < 9; i++)
        {
            await bed.Deliver(bed.Cheer(Alice, bobsWins[i]));
        }

        Assert.Empty(EphemeralsTo(bed, Alice));
        bed.Time.Advance(TimeSpan.FromDays(1)); // Thursday 26 March, 12:00 UTC: ten given, a fresh daily allowance
        await bed.Deliver(bed.Cheer(Alice, bobsWins[9]));

        Assert.Equal(10, (await bed.Entries()).Where(e => e.GiverId == Alice && e.ReceiverId == Bob).Sum(e => e.Amount));
        Assert.Equal(
            $"You've given <@{Bob}> 10 gold stars this month, the most one person can give the same colleague in a month; that resets on 1 April at 00:00 your time, in 5 days.",
            Assert.Single(EphemeralsTo(bed, Alice)));

        // The cap is the pair's: a credit to Bob is refused too, Chen still gets one.
        await Post(bed, Alice, $"With <@{Bob}> and <@{Chen}>");
        Assert.Equal(10, (await bed.Entries()).Where(e => e.GiverId == Alice && e.ReceiverId == Bob).Sum(e => e.Amount));
        Assert.Equal(1, await bed.Balance(Chen));
        Assert.Contains($"You've given <@{Bob}> 10 gold stars this month", EphemeralsTo(bed, Alice).Last());

        // A new month: Alice may star Bob again.
        bed.Time.Advance(TimeSpan.FromDays(6));
        await bed.Deliver(bed.Cheer(Alice, bobsWins[10]));
        Assert.Equal(11, (await bed.Entries()).Where(e => e.GiverId == Alice && e.ReceiverId == Bob).Sum(e => e.Amount));
    }

    [Fact]
    public async Task DailyLimit_TeamLeadWithAGroupLimitOfTen_CanGiveTen_AndOthersFive()
    {
        await using var bed = Bed(new() { ["FairPlay:DailyGiveLimitByGroup:team-leads"] = "10", ["FairPlay:DailyGiveLimitByGroup:S0MENTORS"] = "2", ["Wins:MaxPaidWinsPerDay"] = "100" });
        await bed.Use(async sp =>
        {
            var store = sp.GetRequiredService<UserGroupStore>();
            await store.ReplaceMembers(WinsTestBed.Team, "S0LEADS", "team-leads", "Team leads", [Alice], CancellationToken.None);
            await store.ReplaceMembers(WinsTestBed.Team, "S0MENTORS", "mentors", "Mentors", [Alice], CancellationToken.None); // the highest limit applies
            return true;
        });
        var wins = new List<MessageEvent>();
        for (var i = 0; i < 12; i++)
        {
            wins.Add(await Post(bed, i % 2 == 0 ? Chen : Dan, $"Number {i}"));
        }

        for (var i = 0; i < 11; i++)
        {
            await bed.Deliver(bed.Cheer(Alice, wins[i]));
            await bed.Deliver(bed.Cheer(Bob, wins[i]));
        }

        Assert.Equal(10, (await bed.Entries()).Count(e => e.Reason == StarReason.Cheer && e.GiverId == Alice));
        Assert.Equal("You've given 10 gold stars today; your allowance resets at midnight your time, in 12 hours.", Assert.Single(EphemeralsTo(bed, Alice)));
        Assert.Equal(5, (await bed.Entries()).Count(e => e.Reason == StarReason.Cheer && e.GiverId == Bob));
    }

    [Fact]
    public async Task Allow_TwoCheersAtOnceForTheLastStarOfTheDay_OnlyOnePays()
    {
        await using var bed = Bed(new() { ["FairPlay:DailyGiveLimit"] = "1" });
        var first = await Post(bed, Bob, "One");
        var second = await Post(bed, Chen, "Two");
        var third = await Post(bed, Dan, "Three");

        await Task.WhenAll(new[] { first, second, third }.Select(w => Task.Run(() => bed.Deliver(bed.Cheer(Alice, w)))));

        Assert.Single(await bed.Entries(), e => e.Reason == StarReason.Cheer);
        Assert.Equal(2, EphemeralsTo(bed, Alice).Count);
    }

    [Fact]
    public async Task ApplyEdit_ColleagueAddedBeyondTheDailyLimit_IsNamedWithoutAStar_AndThePosterIsTold()
    {
        await using var bed = Bed(new() { ["FairPlay:DailyGiveLimit"] = "1" });
        var win = await Post(bed, Alice, $"With <@{Bob}>");

        await bed.Deliver(bed.Edit(win, $"#win {Story}. With <@{Bob}> and <@{Chen}>"));

        Assert.Equal(0, await bed.Balance(Chen));
        Assert.Contains(Chen, (await bed.Wins()).Single().Credits.Select(c => c.UserId));
        Assert.Equal(
            $"Your edit is saved. Not everyone you added earned a star: <@{Chen}> earned no star: you've given 1 gold star today; your allowance resets at midnight your time, in 12 hours.",
            Assert.Single(EphemeralsTo(bed, Alice)));
        bed.Chat.Verify(c => c.Update(It.IsAny<Slack.Blocks.MessageUpdate>(), It.IsAny<CancellationToken>()), Times.Never); // the reply names the same stars

        // Swapping Bob for Dan gives Bob's star back to Alice's day, and Dan gets it.
        await bed.Deliver(bed.Edit(win, $"#win {Story}. With <@{Chen}> and <@{Dan}>"));
        Assert.Equal(0, await bed.Balance(Bob));
        Assert.Equal(1, await bed.Balance(Dan));
        Assert.Equal(0, await bed.Balance(Chen)); // named earlier without a star: stays without one
    }
}
