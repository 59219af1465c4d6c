namespace SlackChampionBot.Features.Pulse;

/// <summary>
/// Spaces calls evenly at <c>perMinute</c> a minute (0: no spacing), on top of the Web API client's own tier pacing, so
/// that a long pulse job (the DM fan-out, the clean-up after close) leaves room for the bot's other calls of the same
/// method. Waits go through <see cref="TimeProvider"/>. Safe for concurrent callers.
/// </summary>
internal sealed class PulsePacer(TimeProvider time, int perMinute)
{
    private readonly Lock _lock = new();
    private long _nextStartTicks;

    public async Task Wait(CancellationToken cancellationToken)
    {
        if (perMinute <= 0)
        {
            return;
        }

        var interval = TimeSpan.FromMinutes(1) / perMinute;
        TimeSpan wait;
        lock (_lock)
        {
            var now = time.GetUtcNow().UtcTicks;
            var start = Math.Max(now, _nextStartTicks);
            _nextStartTicks = start + interval.Ticks;
            wait = TimeSpan.FromTicks(start - now);
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
    }
}
