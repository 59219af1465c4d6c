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
