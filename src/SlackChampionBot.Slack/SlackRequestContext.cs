namespace SlackChampionBot.Slack;

/// <summary>
/// What the adapter knows about the request or envelope being handled, available to handlers from the DI scope
/// the adapter creates for each one (SlackNet keeps the same facts in its SlackRequestContext). The adapter fills it
/// for every payload kind before a handler is resolved; <see cref="TeamId"/> is never empty there, because a payload
/// without a workspace is refused as malformed before any handler runs.
/// </summary>
public sealed class SlackRequestContext
{
    /// <summary>The workspace the request belongs to (<c>team_id</c>).</summary>
    public string TeamId { get; set; } = string.Empty;

    public string? EnterpriseId { get; set; }

    /// <summary>The Events API <c>event_id</c>, for events.</summary>
    public string? EventId { get; set; }

    /// <summary>When Slack says the event happened (<c>event_time</c>), for events.</summary>
    public DateTimeOffset? EventTime { get; set; }

    /// <summary>How the request arrived: <see cref="SlackTransport.Http"/> or <see cref="SlackTransport.SocketMode"/>.</summary>
    public string Transport { get; set; } = SlackTransport.Unknown;
}
