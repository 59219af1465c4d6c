namespace SlackChampionBot.Features.Stars;

/// <summary>What one commit changed in the ledger for one receiver (the sum of its entries for them).</summary>
internal sealed record StarsChanged(string TeamId, string ReceiverId, int Delta, long? WinId, string? SourceEventId);

/// <summary>Where to announce something earned when it belongs to no win's thread (e.g. a nomination's announcement).</summary>
internal sealed record AnnouncementPlace(string ChannelId, string? ThreadTs);

/// <summary>
/// Watches the ledger (milestone titles watch all-time totals). Two steps, so that what stars earn is never lost and
/// is said after the message that gave the stars:
/// <list type="number">
/// <item><see cref="OnStarsChanged"/> runs inside the ledger's write transaction, once per receiver per commit, and
/// records what the change earns in the database only (the same scoped BotDbContext). Throwing rolls the whole commit
/// back, so the event that caused it retries and pays once.</item>
/// <item><see cref="AnnounceEarned"/> is called by the use case once it has said its own piece in Slack (the win's
/// reply, the nomination's announcement), also on a retry of the same event: it tells Slack what is recorded and not
/// yet announced, once. A failure propagates, so the event retries.</item>
/// </list>
/// </summary>
internal interface IStarsChangedObserver
{
    Task OnStarsChanged(StarsChanged change, CancellationToken cancellationToken);

    Task AnnounceEarned(string teamId, IReadOnlyCollection<string> receiverIds, AnnouncementPlace? fallback, CancellationToken cancellationToken);
}
