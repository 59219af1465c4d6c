namespace SlackChampionBot.Slack.Inbox;

/// <summary>How the background <see cref="EventDispatcher"/> runs and retries event handlers.</summary>
internal sealed class EventDispatcherOptions
{
    /// <summary>Attempts in all (the first run included) before an event is marked failed for good.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait after the first failure; doubled after each further one (2 s, 4 s, 8 s, 16 s by default).</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the inbox is looked at when nothing woke the dispatcher (retries of another process, DB hiccups).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Rows claimed at once.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>
    /// Events claimed and not yet finished that the dispatcher holds in memory (their bodies included). A backlog
    /// larger than this in one lane holds other lanes up until it shrinks below it: 10,000 is several hours of one
    /// channel's posts at Slack's pace.
    /// </summary>
    public int MaxHeldEvents { get; set; } = 10_000;

    /// <summary>The delay before attempt <paramref name="failedAttempts"/> + 1.</summary>
    public TimeSpan RetryDelay(int failedAttempts)
    {
        var factor = Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(BaseRetryDelay.Ticks * factor, MaxRetryDelay.Ticks));
        return delay;
    }
}
