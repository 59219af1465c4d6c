using SlackChampionBot.Features.Data;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Tests.Features.Data;

namespace SlackChampionBot.Tests.Features.Stars;

/// <summary>The reciprocity audit: <c>/stars audit</c> through the real host over real SQLite, and its arithmetic.</summary>
public sealed class FairPlayAuditTests
{
    [Fact]
    public async Task Audit_PingPongPairAndRingOfThree_AreFlagged_ABusyOneSidedGiverIsNot()
    {
        await using var world = await DataWorld.Start(
            new() { ["Leaderboards:Teams:0"] = "S0STARRED", ["Leaderboards:Teams:1"] = "S0QUIET" },
            arrange: slack =>
            {
                slack.AddUserGroup("S0STARRED", "starred", ["U0PINGA", "U0PONGB"], "Starred team");
                slack.AddUserGroup("S0QUIET", "quiet", ["U0QUIET"], "Quiet team");
            });

        await world.Gift("U0PINGA", "U0PONGB", 6); // ping-pong: all their stars go to each other
        await world.Gift("U0PONGB", "U0PINGA", 6);
        await world.Gift("U0RINGC", "U0RINGD", 5); // a ring of three
        await world.Gift("U0RINGD", "U0RINGE", 5);
        await world.Gift("U0RINGE", "U0RINGC", 5);
        await world.Gift("U0BUSYF", "U0FANG", 10); // busy, one-sided: nobody gives back
        await world.Gift("U0BUSYF", "U0FANH", 10);
        await world.Gift("U0NEARI", "U0NEARJ", 6); // reciprocal but too few back (4 < 5)
        await world.Gift("U0NEARJ", "U0NEARI", 4);
        await world.Gift("U0WIDEK", "U0WIDEL", 5); // reciprocal, but L gives most of theirs to M
        await world.Gift("U0WIDEL", "U0WIDEK", 5);
        await world.Gift("U0WIDEL", "U0WIDEM", 10);

        var audit = await world.Stars(DataWorld.Hr, "audit");

        Assert.Contains("Fair-play audit: November 2026", audit);
        Assert.Contains("• <@U0PINGA> ⇄ <@U0PONGB>: 6 of 6 stars one way, 6 of 6 back", audit);
        Assert.Contains("• <@U0RINGC> → <@U0RINGD> → <@U0RINGE> → <@U0RINGC>: 5, 5, 5 stars", audit);
        Assert.Single(audit.Split('\n'), l => l.Contains('⇄'));
        Assert.Single(audit.Split('\n'), l => l.Contains('→'));
        Assert.DoesNotContain("U0BUSYF> ⇄", audit);
        Assert.Contains("1. <@U0BUSYF>: 20", audit);
        Assert.Contains("• Quiet team", audit);
        Assert.DoesNotContain("• Starred team", audit);
    }

    [Fact]
    public async Task Audit_AskedByAColleague_IsRefused_AndADataAdminMayAuditAnEarlierMonth()
    {
        await using var world = await DataWorld.Start();

        Assert.StartsWith(DataBlocks.LedgerRefused, await world.Stars("U0ALICE", "audit"));
        Assert.Contains("Fair-play audit: October 2026", await world.Stars(DataWorld.Admin, "audit last"));
        Assert.StartsWith("Usage: `/stars audit [month]`", await world.Stars(DataWorld.Admin, "audit someday"));
    }

    [Theory]
    [InlineData(5, 5, 0, true)] // exactly the minimum and all their stars
    [InlineData(4, 5, 0, false)] // one side below the minimum
    [InlineData(5, 5, 5, true)] // 5 of 10: exactly half
    [InlineData(5, 5, 6, false)] // 5 of 11: less than half
    public void Pairs_AtTheThresholds_FlagOnlyWhenEachSideGaveEnoughAndMostOfTheirStars(int aToB, int bToA, int bToOthers, bool flagged)
    {
        List<GiftFlow> flows = [new("UA", "UB", aToB), new("UB", "UA", bToA)];
        if (bToOthers > 0)
        {
            flows.Add(new GiftFlow("UB", "UC", bToOthers));
        }

        Assert.Equal(flagged, FairPlayAudit.Pairs(flows, minStars: 5, sharePercent: 50).Count == 1);
    }

    [Fact]
    public void Rings_ThreeWhoMostlyStarOthers_AreNotARing()
    {
        // A → B → C → A at the minimum, but each gives far more outside the ring.
        List<GiftFlow> flows = [new("UA", "UB", 5), new("UB", "UC", 5), new("UC", "UA", 5), new("UA", "UX", 20), new("UB", "UX", 20), new("UC", "UX", 20)];

        Assert.Empty(FairPlayAudit.Rings(flows, minStars: 5, sharePercent: 50));
        Assert.Single(FairPlayAudit.Rings(flows.Take(3).ToList(), minStars: 5, sharePercent: 50));
    }
}
