namespace SlackChampionBot.Slack.WebApi;

/// <summary>
/// A token bucket that hands out reservations: a caller takes a token now (the count may go negative) and waits
/// until the bucket would have refilled it, so waiters are served in arrival order without polling.
/// <para>
/// Adaptive: Slack's real limits are "several hundred a minute" and vary, so a 429 (<see cref="Slow"/>) takes a tenth
/// off the rate (never below a sixteenth of the configured one) and spends the burst; answered calls
/// (<see cref="Recover"/>) bring it back by 0.2% of the configured rate per second since the last change, up to it. So
/// the bucket settles just under whatever Slack allows and probes upwards slowly, instead of running into the limit
/// again right after every Retry-After.
/// </para>
/// </summary>
internal sealed class TokenBucket
{
    private const double MinimumShare = 1.0 / 16;
    private const double SlowFactor = 0.9;
    private const double RecoverySharePerSecond = 0.002;

    private readonly Lock _lock = new();
    private readonly double _configuredPerSecond;
    private readonly int _burst;
    private readonly TimeProvider _timeProvider;
    private double _perSecond;
    private double _tokens;
    private long _lastRefill;
    private long _lastAdjusted;

    public TokenBucket(SlackRateLimit limit, TimeProvider timeProvider)
    {
        _configuredPerSecond = limit.PerMinute / 60.0;
        _perSecond = _configuredPerSecond;
        _burst = Math.Max(1, limit.Burst);
        _timeProvider = timeProvider;
        _tokens = _burst;
        _lastRefill = timeProvider.GetTimestamp();
        _lastAdjusted = _lastRefill;
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

    /// <summary>The rate in force now, per minute (the configured one unless 429s slowed it).</summary>
    public double PerMinute
    {
        get
        {
            lock (_lock)
            {
                return _perSecond * 60;
            }
        }
    }

    /// <summary>Slack answered 429: take a tenth off the rate and spend the burst (reservations already handed out stand).</summary>
    public void Slow()
    {
        lock (_lock)
        {
            Refill();
            _perSecond = Math.Max(_configuredPerSecond * MinimumShare, _perSecond * SlowFactor);
            _tokens = Math.Min(_tokens, 0);
            _lastAdjusted = _timeProvider.GetTimestamp();
        }
    }

    /// <summary>A call went through: creep back towards the configured rate, by the time since the last change.</summary>
    public void Recover()
    {
        lock (_lock)
        {
            var now = _timeProvider.GetTimestamp();
            if (_perSecond < _configuredPerSecond)
            {
                Refill();
                var seconds = _timeProvider.GetElapsedTime(_lastAdjusted, now).TotalSeconds;
                _perSecond = Math.Min(_configuredPerSecond, _perSecond + (_configuredPerSecond * RecoverySharePerSecond * seconds));
            }

            _lastAdjusted = now;
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
