namespace SlackChampionBot.Slack.Inbox;

/// <summary>One event_callback as stored in the inbox, keyed by Slack's globally unique <c>event_id</c>.</summary>
/// <param name="RawJson">
/// The event_callback body exactly as Slack sent it (UTF-8 text), for the handlers. Null for a tombstone
/// (<see cref="Tombstone"/>): an event kept only so that Slack's retries of it are recognised.
/// </param>
/// <param name="ReceivedAt">UTC.</param>
/// <param name="Attempts">How many times its handlers have run and failed so far.</param>
/// <param name="Transport">How it arrived (<see cref="SlackTransport"/>); handlers see it in <see cref="SlackRequestContext.Transport"/>.</param>
public sealed record SlackInboxEvent(
    string EventId,
    string TeamId,
    string EventType,
    string? RawJson,
    DateTime ReceivedAt,
    int Attempts = 0,
    string Transport = SlackTransport.Unknown)
{
    /// <summary>
    /// An event whose body must not be stored (what someone wrote in a DM): the inbox keeps its id, type, team,
    /// transport and time, stores it as done at once, and no handler runs for it.
    /// </summary>
    public static SlackInboxEvent Tombstone(string eventId, string teamId, string eventType, DateTime receivedAt, string transport) =>
        new(eventId, teamId, eventType, null, receivedAt, 0, transport);

    public bool IsTombstone => RawJson is null;
}

/// <summary>
/// The durable queue between "Slack delivered an event" and "its handlers ran". Transports add to it before they
/// acknowledge; the adapter's background dispatcher consumes it (claims due rows, marks them done or failed). Where
/// several instances share one database, each instance's dispatcher claims from it, and a claim is exclusive: no two
/// claims hold the same event at once, so any instance may acknowledge an event and the database alone dedupes it.
/// The adapter ships an in-memory implementation; the host registers a database one.
/// <para>
/// It keeps what dedupe needs, not what people wrote: an event's body is held only until its handlers have run
/// (<see cref="MarkDone"/> drops it), a tombstone never has one, and a failed event keeps its body only for a bounded
/// retention the host applies.
/// </para>
/// </summary>
public interface ISlackEventInbox
{
    /// <summary>
    /// Stores the event as pending and due now (a tombstone as done, without a body). Completes once it is durable:
    /// true if new, false if its event_id was already stored.
    /// </summary>
    Task<bool> TryAdd(SlackInboxEvent item, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> pending events whose next attempt is due at <paramref name="nowUtc"/>,
    /// oldest first (including ones left over from before a restart or from an instance that stopped). A claimed event
    /// is returned to no other claim, here or in another instance, until it is marked (<see cref="MarkFailed"/> with a
    /// retry time makes it due again then) or its claim ends. How long a claim lasts is the implementation's: one whose
    /// process is the only one on its store (SQLite's, the in-memory one) holds it as long as that process, so an event
    /// claimed and never marked is claimed again at the next start; one on a shared database holds it for a lease
    /// measured from <paramref name="nowUtc"/>, after which any instance may claim it again (an instance that died
    /// hands its events on that way). Handlers are idempotent, so a claim that ends while its event still runs costs
    /// a repeated run, not a wrong result.
    /// </summary>
    Task<IReadOnlyList<SlackInboxEvent>> ClaimDue(DateTime nowUtc, int max, CancellationToken cancellationToken);

    /// <summary>All handlers ran: the event is done, and its body is dropped (only id, type, status, times and transport remain).</summary>
    Task MarkDone(string eventId, DateTime processedAtUtc, CancellationToken cancellationToken);

    /// <summary>
    /// A handler failed. With a <paramref name="nextAttemptAtUtc"/> the event stays pending and is due again then;
    /// without one it is failed for good.
    /// </summary>
    Task MarkFailed(string eventId, string error, int attempts, DateTime? nextAttemptAtUtc, CancellationToken cancellationToken);
}
