using System.Text.Json;
using SlackChampionBot.Slack.Events;

namespace SlackChampionBot.Slack.Dispatch;

/// <summary>Turns a stored event_callback into its envelope and a typed <see cref="Event"/>.</summary>
internal static class SlackEventParser
{
    /// <summary>The CLR type an inner event deserialises to, from its <c>type</c> and (for messages) <c>subtype</c>.</summary>
    public static Type EventTypeFor(string? type, string? subtype) => type switch
    {
        "message" => subtype switch
        {
            "message_changed" => typeof(MessageChanged),
            "message_deleted" => typeof(MessageDeleted),
            _ => typeof(MessageEvent),
        },
        "reaction_added" => typeof(ReactionAdded),
        "reaction_removed" => typeof(ReactionRemoved),
        "app_home_opened" => typeof(AppHomeOpened),
        "member_joined_channel" => typeof(MemberJoinedChannel),
        "channel_deleted" => typeof(ChannelDeleted),
        "group_deleted" => typeof(GroupDeleted),
        _ => typeof(Event),
    };

    /// <summary>Parses the callback. Throws <see cref="FormatException"/> when it is not a usable event_callback.</summary>
    public static (EventCallback Callback, Event Event) Parse(string rawJson)
    {
        try
        {
            var callback = JsonSerializer.Deserialize<EventCallback>(rawJson, SlackJson.Options)
                ?? throw new FormatException("The event_callback is null.");
            if (callback.Event.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("The event_callback has no event object.");
            }

            var type = callback.Event.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var subtype = callback.Event.TryGetProperty("subtype", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var slackEvent = (Event?)callback.Event.Deserialize(EventTypeFor(type, subtype), SlackJson.Options)
                ?? throw new FormatException("The event is null.");
            return (callback, slackEvent);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"The event_callback cannot be read: {exception.Message}", exception);
        }
    }
}
