namespace SlackChampionBot.Slack.Blocks;

/// <summary>An outgoing message (chat.postMessage / chat.postEphemeral / a slash command's response). Mirrors SlackNet's Message.</summary>
public sealed class Message
{
    public string? Channel { get; set; }

    /// <summary>Fallback and notification text. Escape user text with <see cref="Mrkdwn"/>.</summary>
    public string? Text { get; set; }

    public IList<Block>? Blocks { get; set; }

    public string? ThreadTs { get; set; }

    public bool? ReplyBroadcast { get; set; }

    public bool? UnfurlLinks { get; set; }

    public bool? UnfurlMedia { get; set; }

    /// <summary>Whether <see cref="Text"/> is parsed as mrkdwn (Slack's default is true).</summary>
    public bool? Mrkdwn { get; set; }

    /// <summary>For slash command and action responses: replace the original message.</summary>
    public bool? ReplaceOriginal { get; set; }

    /// <summary>For action responses: delete the original message.</summary>
    public bool? DeleteOriginal { get; set; }
}

/// <summary>Arguments for chat.update. Mirrors SlackNet's MessageUpdate.</summary>
public sealed class MessageUpdate
{
    public string ChannelId { get; set; } = string.Empty;

    public string Ts { get; set; } = string.Empty;

    public string? Text { get; set; }

    public IList<Block>? Blocks { get; set; }
}
