namespace SlackChampionBot.LoadTests;

/// <summary>
/// The harness's correctness check at a size the test suite can afford: <c>events</c> signed message events, every
/// tenth followed by Slack's redelivery (same event_id, <c>X-Slack-Retry-Num: 1</c>), sent over the harness's
/// keep-alive connections to a running bot. Checks what the sustained run checks: every answer is 200, the inbox holds
/// each event exactly once (none lost, none doubled by its redelivery), and the dispatcher then handles every one
/// without a failure. Returns what failed; empty when all held. Used by the suite
/// (<c>LoadHarnessSmokeTests</c>) and by <c>--smoke N</c>.
/// </summary>
internal static class SmokeCheck
{
    public const string Prefix = "EvSMOKE";

    public static Task<List<string>> Run(Uri bot, string database, int events, TimeSpan limit) => Run([bot], HarnessDatabase.Sqlite(database), events, limit);

    /// <summary>The check against one or more bots sharing <paramref name="database"/> (their connections spread across them).</summary>
    public static async Task<List<string>> Run(IReadOnlyList<Uri> bots, HarnessDatabase database, int events, TimeSpan limit)
    {
        var requests = SignedEvents.Create(HarnessBot.Secret, Prefix, events, retryEvery: 10, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var result = await new LoadRunner(bots).Run(requests, limit);
        var failures = new List<string>();
        if (result.Ok != requests.Count)
        {
            failures.Add($"{result.Ok} of {requests.Count} requests answered 200; first problems: {string.Join("; ", result.Failures.Take(5))}");
        }

        // An event counts as acknowledged when its first delivery was answered 200.
        var refused = result.Failures.Where(f => f.Contains("(retry 0)", StringComparison.Ordinal)).Select(f => f.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        using var audit = new InboxAudit(database, Prefix, EventId);
        for (var n = 0; n < events; n++)
        {
            audit.Starting(n);
            if (!refused.Contains(EventId(n)))
            {
                audit.Acknowledged(n);
            }
        }

        audit.Final(events);
        failures.AddRange(audit.Problems);

        // The dispatcher runs the handlers after the ack: wait (bounded) for every row to be settled, none failed.
        var deadline = DateTime.UtcNow + limit;
        var (done, failed, pending) = audit.Handled();
        while (done + failed < events && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            (done, failed, pending) = audit.Handled();
        }

        if (done != events)
        {
            failures.Add($"dispatcher: {done} of {events} events done, {failed} failed, {pending} pending after {limit.TotalSeconds:0} s");
        }

        return failures;
    }

    private static string EventId(long n) => $"{Prefix}{n:D6}";
}
