namespace SlackChampionBot.Slack.WebApi;

/// <summary>
/// A token bucket that hands out reservations: a caller takes a token now (the count may go negative) and waits
/// until the bucket would have refilled it, so waiters are served in arrival order without polling.
/// </summary>
internal sealed class TokenBucket
{
    private readonly Lock _lock = new();
    private readonly double _perSecond;
    private readonly int _burst;
    private readonly TimeProvider _timeProvider;
    private double _tokens;
    private long _lastRefill;

    public TokenBucket(SlackRateLimit limit, TimeProvider timeProvider)
    {
        _perSecond = limit.PerMinute / 60.0;
        _burst = Math.Max(1, limit.Burst);
        _timeProvider = timeProvider;
        _tokens = _burst;
        _lastRefill = timeProvider.GetTimestamp();
    }

    /// <summary>Takes one token and returns how long to wait before using it.</summary>
    public TimeSpan Reserve()
    {
        lock (_lock)
        {
            Refill();
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _perSecond);
        }
    }

    /// <summary>Gives back a reservation that will not be used (the caller was cancelled).</summary>
    public void Release()
    {
        lock (_lock)
        {
            _tokens = Math.Min(_burst, _tokens + 1);
        }
    }

    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        var wait = Reserve();
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Release();
            throw;
        }
    }

    private void Refill()
    {
        var now = _timeProvider.GetTimestamp();
        var elapsed = _timeProvider.GetElapsedTime(_lastRefill, now);
        _lastRefill = now;
        _tokens = Math.Min(_burst, _tokens + (elapsed.TotalSeconds * _perSecond));
    }
}
