using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using SlackChampionBot.Slack.Interaction;

namespace SlackChampionBot.Slack.Dispatch;

/// <summary>
/// Reads the payload kinds that are handled straight away (slash commands and interactions) into their models, for
/// both transports, after checking them against the model's <see cref="PayloadShape"/>: nothing reaches a handler
/// with a null, a wrong type or a missing id where the model promises one. Every method throws
/// <see cref="FormatException"/> when the payload is malformed; its message names the field, never a value.
/// </summary>
internal static class SlackPayloads
{
    /// <summary>
    /// Slack sends one action per <c>block_actions</c> payload (a block holds at most 25 elements); more than this is
    /// not a click but a malformed payload, refused before anything is looked up for each of them.
    /// </summary>
    public const int MaxActions = 25;

    /// <summary>An interaction payload as <typeparamref name="T"/>.</summary>
    public static T Read<T>(JsonElement payload, string what)
        where T : class
    {
        var model = (T)Read(payload, typeof(T), what);
        if (model is BlockActionRequest { Actions.Count: > MaxActions })
        {
            throw new FormatException($"{what}.actions has more than {MaxActions} elements.");
        }

        return model;
    }

    /// <summary>One element of a <c>block_actions</c> payload's <c>actions</c>, as the action type its handler takes.</summary>
    public static BlockAction ReadAction(JsonElement action, Type actionType) =>
        (BlockAction)Read(action, actionType, "actions[]");

    /// <summary>A Socket Mode <c>slash_commands</c> payload (a JSON object of strings).</summary>
    public static SlashCommand SlashCommandFromJson(JsonElement payload) =>
        Read<SlashCommand>(payload, "slash_command");

    /// <summary>An HTTP slash command (the form fields of the request). A field given twice is malformed.</summary>
    public static SlashCommand SlashCommandFromForm(IReadOnlyDictionary<string, StringValues> form)
    {
        foreach (var (name, values) in form)
        {
            if (values.Count > 1)
            {
                throw new FormatException($"slash_command.{name} is given more than once.");
            }
        }

        return new SlashCommand
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
    }

    /// <summary>
    /// Every property the model marks <c>[JsonRequired]</c> is set (a string one non-empty) and every
    /// <see cref="SlackUserIdAttribute"/> string is a user ID: the same rules the JSON check applies, for a model built
    /// another way (a slash command from an HTTP form).
    /// </summary>
    public static void EnsureUsable(object model)
    {
        var shape = PayloadShape.For(model.GetType());
        foreach (var property in shape.RequiredProperties)
        {
            if (property.Get!(model) is null or "")
            {
                throw new FormatException($"{property.Name} is missing.");
            }
        }

        foreach (var property in shape.UserIdProperties)
        {
            if (property.Get!(model) is string value && value.Length > 0 && !Mrkdwn.IsUserId(value))
            {
                throw new FormatException($"{property.Name} must be a Slack user ID.");
            }
        }
    }

    private static object Read(JsonElement payload, Type type, string what)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"The {what} payload is not a JSON object.");
        }

        var shape = PayloadShape.For(type);
        try
        {
            PayloadValidator.Validate(JsonMarshal.GetRawUtf8Value(payload), shape, what);
            return payload.Deserialize(type, SlackJson.Options) ?? throw new FormatException($"The {what} payload is null.");
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException)
        {
            // Not expected after the check; kept so that a case the check misses is still a malformed payload, not a 500.
            throw new FormatException($"The {what} payload cannot be read.", exception);
        }
    }

    private static string? Field(IReadOnlyDictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out var value) ? value.ToString() : null;
}
