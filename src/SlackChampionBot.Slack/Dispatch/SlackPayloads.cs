using System.Text.Json;
using Microsoft.Extensions.Primitives;
using SlackChampionBot.Slack.Interaction;

namespace SlackChampionBot.Slack.Dispatch;

/// <summary>
/// Reads the payload kinds that are handled straight away (slash commands and interactions) into their models, for
/// both transports. Every method throws <see cref="FormatException"/> when the payload is malformed; its message names
/// the field, never a value.
/// </summary>
internal static class SlackPayloads
{
    /// <summary>An interaction payload as <typeparamref name="T"/>.</summary>
    public static T Read<T>(JsonElement payload, string what)
        where T : class =>
        (T)Read(payload, typeof(T), what);

    /// <summary>One element of a <c>block_actions</c> payload's <c>actions</c>, as the action type its handler takes.</summary>
    public static BlockAction ReadAction(JsonElement action, Type actionType) =>
        (BlockAction)Read(action, actionType, "actions[]");

    /// <summary>A Socket Mode <c>slash_commands</c> payload (a JSON object of strings).</summary>
    public static SlashCommand SlashCommandFromJson(JsonElement payload) =>
        Read<SlashCommand>(payload, "slash command");

    /// <summary>An HTTP slash command (the form fields of the request).</summary>
    public static SlashCommand SlashCommandFromForm(IReadOnlyDictionary<string, StringValues> form) => new()
    {
        Token = Field(form, "token"),
        TeamId = Field(form, "team_id") ?? string.Empty,
        TeamDomain = Field(form, "team_domain"),
        EnterpriseId = Field(form, "enterprise_id"),
        ChannelId = Field(form, "channel_id") ?? string.Empty,
        ChannelName = Field(form, "channel_name"),
        UserId = Field(form, "user_id") ?? string.Empty,
        UserName = Field(form, "user_name"),
        Command = Field(form, "command") ?? string.Empty,
        Text = Field(form, "text") ?? string.Empty,
        ResponseUrl = Field(form, "response_url"),
        TriggerId = Field(form, "trigger_id"),
        ApiAppId = Field(form, "api_app_id"),
    };

    /// <summary>A command needs its name, the person and the workspace; everything else may be empty.</summary>
    public static void EnsureUsable(SlashCommand command)
    {
        if (string.IsNullOrEmpty(command.Command) || string.IsNullOrEmpty(command.UserId) || string.IsNullOrEmpty(command.TeamId))
        {
            throw new FormatException("A slash command needs command, user_id and team_id.");
        }
    }

    private static object Read(JsonElement payload, Type type, string what)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"The {what} payload is not a JSON object.");
        }

        try
        {
            return payload.Deserialize(type, SlackJson.Options) ?? throw new FormatException($"The {what} payload is null.");
        }
        catch (JsonException exception)
        {
            throw new FormatException($"The {what} payload cannot be read ({exception.Path}).", exception);
        }
    }

    private static string? Field(IReadOnlyDictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out var value) ? value.ToString() : null;
}
