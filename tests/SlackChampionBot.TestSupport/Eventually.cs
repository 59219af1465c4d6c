using System.Diagnostics;

namespace SlackChampionBot.TestSupport;

/// <summary>Bounded waits on real time for a condition the code under test makes true; never a timing assertion.</summary>
public static class Eventually
{
    public static async Task Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit} waiting for: {what}");
            }

            await Task.Delay(5);
        }
    }
}
