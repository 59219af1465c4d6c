namespace SlackChampionBot.Features.Workspaces;

internal enum SlackConnectionStatus
{
    Connecting,
    Connected,
    Failing,
}

/// <summary>What the bot knows about its connection to Slack: read by /readyz and by features that need the bot's identity.</summary>
internal sealed class SlackConnection
{
    /// <summary>How long <see cref="BotUserId"/> waits for the first auth.test before it fails (an event then fails and is retried later).</summary>
    private static readonly TimeSpan IdentityWait = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource<BotIdentity> _identity = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile State _state = new(SlackConnectionStatus.Connecting, "checking the bot token with auth.test", null);

    public SlackConnectionStatus Status => _state.Status;

    /// <summary>A sentence for operators: what is wrong and what to do. Never contains a token.</summary>
    public string Description => _state.Description;

    public DateTimeOffset? LastChangeAt => _state.At;

    /// <summary>The bot's identity once auth.test has succeeded, else null.</summary>
    public BotIdentity? Identity => _identity.Task.IsCompletedSuccessfully ? _identity.Task.Result : null;

    /// <summary>Waits for the first successful auth.test.</summary>
    public Task<BotIdentity> WaitForIdentity(CancellationToken cancellationToken) => _identity.Task.WaitAsync(cancellationToken);

    /// <summary>The bot's own user ID (auth.test): never a giver or receiver of stars, and its messages are never wins.</summary>
    public async Task<string> BotUserId()
    {
        if (Identity is { } identity)
        {
            return identity.BotUserId;
        }

        using var timeout = new CancellationTokenSource(IdentityWait);
        return (await WaitForIdentity(timeout.Token)).BotUserId;
    }

    public void MarkConnected(BotIdentity identity, DateTimeOffset at)
    {
        _identity.TrySetResult(identity);
        _state = new State(SlackConnectionStatus.Connected, $"connected to workspace {identity.TeamId} as bot user {identity.BotUserId}", at);
    }

    public void MarkFailing(string description, DateTimeOffset at) => _state = new State(SlackConnectionStatus.Failing, description, at);

    private sealed record State(SlackConnectionStatus Status, string Description, DateTimeOffset? At);
}

/// <summary>Who the bot is in its workspace, from auth.test.</summary>
internal sealed record BotIdentity(string TeamId, string BotUserId, string? BotId, string? TeamName);
