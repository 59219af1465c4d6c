using System.Collections.Concurrent;

namespace SlackChampionBot.Slack.WebApi;

/// <summary>
/// Spaces Web API calls so they stay under Slack's limits: one bucket per method (sized by its tier) and, for
/// chat.postMessage, one per channel plus one for the workspace. Waits go through <see cref="TimeProvider"/>.
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
