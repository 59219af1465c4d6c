using System.Text.Json.Nodes;

namespace SlackChampionBot.Tests.Features.Wins;

/// <summary>
/// Inner events as Slack sends them about a wins channel, for the end-to-end tests (shapes from Slack's docs and the
/// event dumps cited in slack-protocol.md §6).
/// </summary>
internal static class WinEvents
{
    /// <summary>A user's top-level message.</summary>
    public static JsonObject Message(string channel, string user, string text, string ts) => new()
    {
        ["type"] = "message",
        ["user"] = user,
        ["text"] = text,
        ["ts"] = ts,
        ["channel"] = channel,
        ["channel_type"] = "channel",
        ["event_ts"] = ts,
    };

    /// <summary>The poster edited the message (<c>message_changed</c> with the new text and <c>edited</c>).</summary>
    public static JsonObject Edit(string channel, string user, string newText, string ts, string editTs, string? oldText = null) => new()
    {
        ["type"] = "message",
        ["subtype"] = "message_changed",
        ["hidden"] = true,
        ["channel"] = channel,
        ["ts"] = editTs,
        ["event_ts"] = editTs,
        ["message"] = new JsonObject
        {
            ["type"] = "message",
            ["user"] = user,
            ["text"] = newText,
            ["ts"] = ts,
            ["edited"] = new JsonObject { ["user"] = user, ["ts"] = editTs },
        },
        ["previous_message"] = new JsonObject { ["type"] = "message", ["user"] = user, ["text"] = oldText ?? string.Empty, ["ts"] = ts },
    };

    /// <summary>
    /// A message with thread replies was deleted: Slack keeps the parent as a tombstone and sends <c>message_changed</c>
    /// whose <c>message</c> has <c>subtype: "tombstone"</c> (user <c>USLACKBOT</c> unless <paramref name="tombstoneUser"/>).
    /// </summary>
    public static JsonObject Tombstone(string channel, string poster, string originalText, string ts, string eventTs, string tombstoneUser = "USLACKBOT") => new()
    {
        ["type"] = "message",
        ["subtype"] = "message_changed",
        ["hidden"] = true,
        ["channel"] = channel,
        ["ts"] = eventTs,
        ["event_ts"] = eventTs,
        ["message"] = new JsonObject
        {
            ["type"] = "message",
            ["subtype"] = "tombstone",
            ["hidden"] = true,
            ["user"] = tombstoneUser,
            ["text"] = "This message was deleted.",
            ["ts"] = ts,
            ["thread_ts"] = ts,
            ["reply_count"] = 1,
            ["reply_users"] = new JsonArray("U0BOT"),
        },
        ["previous_message"] = new JsonObject
        {
            ["type"] = "message",
            ["user"] = poster,
            ["text"] = originalText,
            ["ts"] = ts,
            ["thread_ts"] = ts,
            ["reply_count"] = 1,
        },
    };

    /// <summary>A message without replies was deleted (or a tombstone lost its last reply): <c>message_deleted</c>.</summary>
    public static JsonObject Deleted(string channel, string deletedTs, string eventTs, JsonObject previous) => new()
    {
        ["type"] = "message",
        ["subtype"] = "message_deleted",
        ["hidden"] = true,
        ["channel"] = channel,
        ["ts"] = eventTs,
        ["event_ts"] = eventTs,
        ["deleted_ts"] = deletedTs,
        ["previous_message"] = previous,
    };

    /// <summary>What a tombstone looks like as the <c>previous_message</c> of the later <c>message_deleted</c>.</summary>
    public static JsonObject TombstoneMessage(string ts) => new()
    {
        ["type"] = "message",
        ["subtype"] = "tombstone",
        ["hidden"] = true,
        ["user"] = "USLACKBOT",
        ["text"] = "This message was deleted.",
        ["ts"] = ts,
        ["thread_ts"] = ts,
    };

    public static JsonObject Cheer(string channel, string user, string poster, string ts, string eventTs, bool removed = false) => new()
    {
        ["type"] = removed ? "reaction_removed" : "reaction_added",
        ["user"] = user,
        ["reaction"] = "star",
        ["item_user"] = poster,
        ["item"] = new JsonObject { ["type"] = "message", ["channel"] = channel, ["ts"] = ts },
        ["event_ts"] = eventTs,
    };
}
