namespace SlackChampionBot.Slack.Inbox;

/// <summary>
/// A process-local inbox for adapter tests and for running without a database: nothing survives a restart.
/// The host replaces it with its SQLite inbox.
/// </summary>
internal sealed class InMemorySlackEventInbox : ISlackEventInbox
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _claimed = new(StringComparer.Ordinal);
    private long _sequence;

    public Task<bool> TryAdd(SlackInboxEvent item, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_entries.ContainsKey(item.EventId))
            {
                return Task.FromResult(false);
            }

            _entries.Add(item.EventId, new Entry(item with { Attempts = 0 }, _sequence++)
            {
                NextAttemptAt = item.ReceivedAt,
                Status = item.IsTombstone ? SlackInboxStatus.Done : SlackInboxStatus.Pending,
                ProcessedAt = item.IsTombstone ? item.ReceivedAt : null,
            });
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<SlackInboxEvent>> ClaimDue(DateTime nowUtc, int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<SlackInboxEvent> due = _entries.Values
                .Where(e => e.Status == SlackInboxStatus.Pending && e.NextAttemptAt <= nowUtc && !_claimed.Contains(e.Item.EventId))
                .OrderBy(e => e.NextAttemptAt).ThenBy(e => e.Sequence)
                .Take(max)
                .Select(e => e.Item with { Attempts = e.Attempts })
                .ToList();
            _claimed.UnionWith(due.Select(e => e.EventId));
            return Task.FromResult(due);
        }
    }

    public Task MarkDone(string eventId, DateTime processedAtUtc, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _claimed.Remove(eventId);
            if (_entries.TryGetValue(eventId, out var entry))
            {
                entry.Status = SlackInboxStatus.Done;
                entry.ProcessedAt = processedAtUtc;
                entry.Item = entry.Item with { RawJson = null };
            }
        }

        return Task.CompletedTask;
    }

    public Task MarkFailed(string eventId, string error, int attempts, DateTime? nextAttemptAtUtc, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _claimed.Remove(eventId);
            if (_entries.TryGetValue(eventId, out var entry))
            {
                entry.Attempts = attempts;
                entry.LastError = error;
                entry.Status = nextAttemptAtUtc is null ? SlackInboxStatus.Failed : SlackInboxStatus.Pending;
                entry.NextAttemptAt = nextAttemptAtUtc ?? entry.NextAttemptAt;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>A copy of one entry's state, for tests.</summary>
    public SlackInboxSnapshot? Find(string eventId)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(eventId, out var e)
                ? new SlackInboxSnapshot(e.Item.EventId, e.Status, e.Attempts, e.NextAttemptAt, e.LastError, e.ProcessedAt, e.Item.Transport, e.Item.RawJson)
                : null;
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    private sealed class Entry(SlackInboxEvent item, long sequence)
    {
        public SlackInboxEvent Item { get; set; } = item;

        public long Sequence { get; } = sequence;

        public SlackInboxStatus Status { get; set; } = SlackInboxStatus.Pending;

        public int Attempts { get; set; }

        public DateTime NextAttemptAt { get; set; }

        public string? LastError { get; set; }

        public DateTime? ProcessedAt { get; set; }
    }
}

internal sealed record SlackInboxSnapshot(string EventId, SlackInboxStatus Status, int Attempts, DateTime NextAttemptAt, string? LastError, DateTime? ProcessedAt, string Transport, string? RawJson);
