using System.Text.Json.Serialization;
using SlackChampionBot.Slack.Blocks;

namespace SlackChampionBot.Slack.Interaction;

/// <summary>A slash command invocation (form fields of the request). Mirrors SlackNet's SlashCommand.</summary>
public sealed class SlashCommand
{
    public string? Token { get; set; }

    [JsonRequired]
    public string TeamId { get; set; } = string.Empty;

    public string? TeamDomain { get; set; }

    public string? EnterpriseId { get; set; }

    [JsonRequired]
    public string ChannelId { get; set; } = string.Empty;

    public string? ChannelName { get; set; }

    [JsonRequired]
    [SlackUserId]
    public string UserId { get; set; } = string.Empty;

    public string? UserName { get; set; }

    [JsonRequired]
    public string Command { get; set; } = string.Empty;

    /// <summary>What followed the command. With <c>should_escape: true</c>, mentions arrive as <c>&lt;@U123|name&gt;</c>.</summary>
    public string Text { get; set; } = string.Empty;

    public string? ResponseUrl { get; set; }

    public string? TriggerId { get; set; }

    public string? ApiAppId { get; set; }
}

public enum ResponseType
{
    Ephemeral,
    InChannel,
}

/// <summary>The synchronous answer to a slash command. Mirrors SlackNet's SlashCommandResponse.</summary>
public sealed class SlashCommandResponse
{
    public Message? Message { get; set; }

    public ResponseType ResponseType { get; set; } = ResponseType.Ephemeral;

    /// <summary>An ephemeral reply with just this text (already safe mrkdwn).</summary>
    public static SlashCommandResponse Ephemeral(string text, IList<Block>? blocks = null) =>
        new() { Message = new Message { Text = text, Blocks = blocks } };

    /// <summary>An empty 200: nothing shown (e.g. after opening a modal).</summary>
    [JsonIgnore]
    public static SlashCommandResponse None => new();
}

/// <summary>Handles one slash command. Mirrors SlackNet's ISlashCommandHandler.</summary>
public interface ISlashCommandHandler
{
    Task<SlashCommandResponse> Handle(SlashCommand command);
}
