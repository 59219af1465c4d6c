using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Tests.Features.Wins;

namespace SlackChampionBot.Tests.Features.Stars;

public sealed class StarLedgerTests : IAsyncLifetime
{
    private const string Team = WinsTestBed.Team;
    private WinsTestBed _bed = null!;

    public Task InitializeAsync()
    {
        _bed = new WinsTestBed();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private Task<bool> Append(params (string Receiver, int Amount, string Key)[] rows) => _bed.Use(sp =>
    {
        var ledger = sp.GetRequiredService<StarLedger>();
        return ledger.TryAppend(rows.Select(r => ledger.Entry(Team, null, r.Receiver, r.Amount, StarReason.Champion, null, r.Key, "Ev0TEST")).ToList());
    });

    [Fact]
    public async Task TryAppend_ExistingNaturalKey_WritesNothingOfTheBatchAndNotifiesNobody()
    {
        Assert.True(await Append(("U0A", 2, "bonus:1")));

        Assert.False(await Append(("U0B", 1, "bonus:2"), ("U0A", 2, "bonus:1")));

        Assert.Equal(2, await _bed.Balance("U0A"));
        Assert.Equal(0, await _bed.Balance("U0B"));
        Assert.Single(await _bed.Entries());
        Assert.Equal([new StarsChanged(Team, "U0A", 2, null, "Ev0TEST")], _bed.Observer.Changes);
    }

    [Fact]
    public async Task TryAppend_TwoWritersRacingOnOneKey_OneWins()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Append(("U0A", 1, "bonus:race")))));

        Assert.Single(results, r => r);
        Assert.Equal(1, await _bed.Balance("U0A"));
    }

    [Fact]
    public async Task Reversal_OfAnEntry_IsAppendedOnceAndBalancesAreSums()
    {
        await Append(("U0A", 3, "bonus:1"), ("U0A", 1, "bonus:2"));
        var first = (await _bed.Entries())[0];

        var results = new List<bool>();
        for (var i = 0; i < 2; i++)
        {
            results.Add(await _bed.Use(sp =>
            {
                var ledger = sp.GetRequiredService<StarLedger>();
                return ledger.TryAppend([ledger.Reversal(first, "Ev0UNDO")]);
            }));
        }

        Assert.Equal([true, false], results);
        Assert.Equal(1, await _bed.Balance("U0A"));
        var reversal = (await _bed.Entries()).Last();
        Assert.Equal((StarReason.Reversal, -3, first.Id, "reversal:" + first.Id), (reversal.Reason, reversal.Amount, reversal.ReversesEntryId, reversal.NaturalKey));
    }

    [Fact]
    public async Task TryAppend_ObserverThrows_NothingIsCommittedAndTheRetryPaysOnce()
    {
        await using var bed = new WinsTestBed();
        bed.AddUser("U0ALICE", "alice");
        var message = bed.Message("U0ALICE", "#win Rescued the Hendersons' wedding order");
        bed.Observer.ThrowOnNext = true;

        await Assert.ThrowsAsync<InvalidOperationException>(() => bed.Deliver(message, "Ev0FAILS"));

        Assert.Equal(0, await bed.Balance("U0ALICE"));
        Assert.Empty(await bed.Wins());

        await bed.Deliver(message, "Ev0FAILS");

        Assert.Equal(1, await bed.Balance("U0ALICE"));
        Assert.Single(await bed.Entries());
    }

    [Fact]
    public async Task TryAppend_SeveralEntriesForOneReceiver_ObserversHearOnceWithTheSum()
    {
        Assert.True(await Append(("U0A", 2, "bonus:1"), ("U0B", 1, "bonus:2"), ("U0A", 3, "bonus:3")));

        Assert.Equal([new StarsChanged(Team, "U0A", 5, null, "Ev0TEST"), new StarsChanged(Team, "U0B", 1, null, "Ev0TEST")], _bed.Observer.Changes);
    }
}
