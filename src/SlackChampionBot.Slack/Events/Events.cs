using System.Text.Json;
using System.Text.Json.Serialization;

namespace SlackChampionBot.Slack.Events;

/// <summary>The outer envelope of an Events API delivery (HTTP body or Socket Mode <c>events_api</c> payload).</summary>
public sealed class EventCallback
{
    public string Type { get; set; } = "event_callback";

    public string TeamId { get; set; } = string.Empty;

    public string? EnterpriseId { get; set; }

    public string? ApiAppId { get; set; }

    public string EventId { get; set; } = string.Empty;

    /// <summary>Epoch seconds.</summary>
    public long EventTime { get; set; }

    public string? EventContext { get; set; }

    public bool? IsExtSharedChannel { get; set; }

    public string? ContextTeamId { get; set; }

    /// <summary>The inner event, raw; the dispatcher turns it into a typed <see cref="Event"/>.</summary>
    public JsonElement Event { get; set; }
}

/// <summary>Base of every event. Unknown event types arrive as this type. Mirrors SlackNet's Event.</summary>
public class Event
{
    public string Type { get; set; } = string.Empty;

    public string? EventTs { get; set; }
}

/// <summary>A <c>message</c> event. Subtypes without their own class (bot_message, channel_join, …) arrive as this type.</summary>
public class MessageEvent : Event
{
    public string? Subtype { get; set; }

    public string? Channel { get; set; }

    /// <summary><c>channel</c>, <c>group</c>, <c>im</c> or <c>mpim</c>.</summary>
    public string? ChannelType { get; set; }

    [SlackUserId]
    public string? User { get; set; }

    /// <summary>The text as Slack sent it: in Slack markup, with <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> escaped.</summary>
    public string? Text { get; set; }

    public string? Ts { get; set; }

    public string? ThreadTs { get; set; }

    public string? BotId { get; set; }

    public string? AppId { get; set; }

    public string? Team { get; set; }

    public bool? Hidden { get; set; }

    public MessageEdited? Edited { get; set; }

    /// <summary>Blocks as sent (rich_text and friends); kept raw because inbound block types are open-ended.</summary>
    public JsonElement? Blocks { get; set; }

    /// <summary>True for thread replies (a <c>thread_ts</c> that is not the message's own ts).</summary>
    [JsonIgnore]
    public bool IsThreadReply => ThreadTs is not null && ThreadTs != Ts;
}

public sealed class MessageEdited
{
    public string? User { get; set; }

    public string? Ts { get; set; }
}

/// <summary><c>message</c> with subtype <c>message_changed</c>.</summary>
public sealed class MessageChanged : MessageEvent
{
    public MessageEvent? Message { get; set; }

    public MessageEvent? PreviousMessage { get; set; }
}

/// <summary><c>message</c> with subtype <c>message_deleted</c>.</summary>
public sealed class MessageDeleted : MessageEvent
{
    public string? DeletedTs { get; set; }

    public MessageEvent? PreviousMessage { get; set; }
}

public sealed class ReactionItem
{
    /// <summary><c>message</c>, <c>file</c> or <c>file_comment</c>.</summary>
    [JsonRequired]
    public string Type { get; set; } = string.Empty;

    public string? Channel { get; set; }

    public string? Ts { get; set; }
}

public abstract class ReactionEvent : Event
{
    [JsonRequired]
    [SlackUserId]
    public string User { get; set; } = string.Empty;

    /// <summary>The emoji name without colons, e.g. <c>star</c> (skin tones appear as <c>thumbsup::skin-tone-2</c>).</summary>
    [JsonRequired]
    public string Reaction { get; set; } = string.Empty;

    [SlackUserId]
    public string? ItemUser { get; set; }

    [JsonRequired]
    public ReactionItem Item { get; set; } = new();
}

public sealed class ReactionAdded : ReactionEvent;

public sealed class ReactionRemoved : ReactionEvent;

/// <summary>The user opened the app's Home or Messages tab.</summary>
public sealed class AppHomeOpened : Event
{
    [JsonRequired]
    [SlackUserId]
    public string User { get; set; } = string.Empty;

    public string? Channel { get; set; }

    /// <summary><c>home</c> or <c>messages</c>.</summary>
    public string? Tab { get; set; }

    public JsonElement? View { get; set; }
}

/// <summary>Someone joined a channel the bot is in.</summary>
public sealed class MemberJoinedChannel : Event
{
    [JsonRequired]
    [SlackUserId]
    public string User { get; set; } = string.Empty;

    [JsonRequired]
    public string Channel { get; set; } = string.Empty;

    public string? ChannelType { get; set; }

    public string? Team { get; set; }

    public string? Inviter { get; set; }
}

/// <summary>A public channel was deleted (its messages are gone). Mirrors SlackNet's ChannelDeleted.</summary>
public sealed class ChannelDeleted : Event
{
    public string Channel { get; set; } = string.Empty;
}

/// <summary>A private channel was deleted (its messages are gone). Mirrors SlackNet's GroupDeleted.</summary>
public sealed class GroupDeleted : Event
{
    public string Channel { get; set; } = string.Empty;
}

/// <summary>Handles one kind of event. Mirrors SlackNet's IEventHandler&lt;T&gt;.</summary>
public interface IEventHandler<in TEvent> where TEvent : Event
{
    Task Handle(TEvent slackEvent);
}
