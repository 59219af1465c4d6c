namespace SlackChampionBot.Features.Stars;

/// <summary>What changed in the ledger for one receiver, after it was committed.</summary>
internal sealed record StarsChanged(string TeamId, string ReceiverId, int Delta, long? WinId, string? SourceEventId);

/// <summary>
/// Told after ledger entries are committed (e.g. milestone titles watch all-time totals). Must be idempotent:
/// a redelivered event can report the same change again.
/// </summary>
internal interface IStarsChangedObserver
{
    Task OnStarsChanged(StarsChanged change, CancellationToken cancellationToken);
}
