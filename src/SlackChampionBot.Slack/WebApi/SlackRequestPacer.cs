using System.Collections.Concurrent;

namespace SlackChampionBot.Slack.WebApi;

/// <summary>
/// Spaces Web API calls so they stay under Slack's limits: one bucket per method (sized by its tier) and, for
/// chat.postMessage, one per channel plus one for the workspace. Waits go through <see cref="TimeProvider"/>. The
/// buckets adapt: a 429 slows the method's bucket (and the channel's), answered calls bring it back
/// (<see cref="TokenBucket"/>).
/// </summary>
internal sealed class SlackRequestPacer(SlackPacingOptions options, TimeProvider timeProvider)
{
    public const string PostMessage = "chat.postMessage";

    private readonly ConcurrentDictionary<string, TokenBucket?> _buckets = new(StringComparer.Ordinal);

    public async ValueTask WaitAsync(string method, string? channel, CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        var tier = SlackMethodTiers.TierOf(method);
        if (tier == SlackRateTier.PostMessage && !string.IsNullOrEmpty(channel))
        {
            // The channel first: a message waiting for its channel should not hold a workspace-wide token meanwhile.
            await WaitOn(PostMessage + "#" + channel, options.PostMessagePerChannel, cancellationToken).ConfigureAwait(false);
        }

        await WaitOn(method, LimitFor(tier), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Slack answered <paramref name="method"/> with 429: slow its workspace bucket and the channel's.</summary>
    public void RateLimited(string method, string? channel)
    {
        foreach (var bucket in BucketsOf(method, channel))
        {
            bucket.Slow();
        }
    }

    /// <summary>Slack answered <paramref name="method"/> (ok or not): its buckets creep back to their configured rate.</summary>
    public void Answered(string method, string? channel)
    {
        foreach (var bucket in BucketsOf(method, channel))
        {
            bucket.Recover();
        }
    }

    /// <summary>The rate <paramref name="method"/>'s workspace bucket runs at now, per minute (null: not paced, or not used yet).</summary>
    public double? CurrentPerMinute(string method) => _buckets.TryGetValue(method, out var bucket) ? bucket?.PerMinute : null;

    private IEnumerable<TokenBucket> BucketsOf(string method, string? channel)
    {
        if (_buckets.TryGetValue(method, out var bucket) && bucket is not null)
        {
            yield return bucket;
        }

        if (!string.IsNullOrEmpty(channel) && SlackMethodTiers.TierOf(method) == SlackRateTier.PostMessage
            && _buckets.TryGetValue(PostMessage + "#" + channel, out var channelBucket) && channelBucket is not null)
        {
            yield return channelBucket;
        }
    }

    private ValueTask WaitOn(string key, SlackRateLimit limit, CancellationToken cancellationToken)
    {
        var bucket = _buckets.GetOrAdd(key, static (_, state) =>
            state.limit.PerMinute > 0 ? new TokenBucket(state.limit, state.timeProvider) : null, (limit, timeProvider));
        return bucket?.WaitAsync(cancellationToken) ?? ValueTask.CompletedTask;
    }

    private SlackRateLimit LimitFor(SlackRateTier tier) => tier switch
    {
        SlackRateTier.Tier1 => options.Tier1,
        SlackRateTier.Tier2 => options.Tier2,
        SlackRateTier.Tier3 => options.Tier3,
        SlackRateTier.Tier4 => options.Tier4,
        SlackRateTier.Special => options.Special,
        SlackRateTier.PostMessage => options.PostMessageWorkspace,
        _ => options.Tier2,
    };
}
