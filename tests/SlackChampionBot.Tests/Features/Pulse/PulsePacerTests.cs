using SlackChampionBot.Features.Pulse;
using SlackChampionBot.TestSupport;

namespace SlackChampionBot.Tests.Features.Pulse;

public sealed class PulsePacerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Wait_FiveConcurrentCallersAt60AMinute_OneSlotASecondOnTheClock()
    {
        var time = new ObservedFakeTime(Start);
        var pacer = new PulsePacer(time, 60);

        // Five callers on five threads at one instant: the clock stays still until all but one sleep, so each slot's
        // due time is exact.
        var waits = Enumerable.Range(0, 5).Select(_ => Task.Run(() => pacer.Wait(CancellationToken.None))).ToArray();
        await Eventually.Until(() => time.Pending.Count == 4 && waits.Count(w => w.IsCompleted) == 1, "one caller through, four asleep");
        Assert.Equal(Enumerable.Range(1, 4).Select(s => Start.AddSeconds(s)), time.Pending.Select(t => t.DueAt));

        for (var second = 1; second <= 4; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Eventually.Until(() => waits.Count(w => w.IsCompleted) == second + 1, $"caller {second + 1} through");

            // The rest still sleep on their own later second: nobody was let go early.
            Assert.Equal(4 - second, time.Pending.Count);
            Assert.All(time.Pending, t => Assert.True(t.DueAt > time.GetUtcNow()));
        }

        await Task.WhenAll(waits);
    }

    [Fact]
    public void Wait_ZeroAMinute_NeverSleeps()
    {
        var time = new ObservedFakeTime(Start);
        var pacer = new PulsePacer(time, 0);

        for (var i = 0; i < 10; i++)
        {
            Assert.True(pacer.Wait(CancellationToken.None).IsCompletedSuccessfully);
        }

        Assert.Empty(time.Pending);
    }
}
