using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Persistence;

namespace SlackChampionBot.Features.Stars;

/// <summary>
/// The append-only gold star ledger. Entries are only ever added; undoing one appends a reversal. Every write is
/// idempotent through the unique (team, natural key) index: when two deliveries of one event race, the loser's
/// unique violation means "already done" and nothing of its batch is written. Observers record what a commit earns
/// inside its transaction (once per receiver), so stars and what they earn are committed together or not at all.
/// </summary>
internal sealed class StarLedger(BotDbContext db, TimeProvider time, IEnumerable<IStarsChangedObserver> observers, ILogger<StarLedger> logger)
{
    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    /// <summary>A new (not yet saved) entry stamped with the ledger's clock.</summary>
    public StarEntry Entry(string teamId, string? giverId, string receiverId, int amount, StarReason reason, long? winId, string naturalKey, string? sourceEventId) => new()
    {
        TeamId = teamId,
        GiverId = giverId,
        ReceiverId = receiverId,
        Amount = amount,
        Reason = reason,
        WinId = winId,
        NaturalKey = naturalKey,
        SourceEventId = sourceEventId,
        CreatedAt = UtcNow,
    };

    /// <summary>The entry that undoes <paramref name="original"/> (same giver, receiver and win; the negative amount).</summary>
    public StarEntry Reversal(StarEntry original, string? sourceEventId) => new()
    {
        TeamId = original.TeamId,
        GiverId = original.GiverId,
        ReceiverId = original.ReceiverId,
        Amount = -original.Amount,
        Reason = StarReason.Reversal,
        WinId = original.WinId,
        ReversesEntryId = original.Id,
        NaturalKey = ReversalKey(original.Id),
        SourceEventId = sourceEventId,
        CreatedAt = UtcNow,
    };

    public static string ReversalKey(long entryId) => $"reversal:{entryId}";

    /// <summary>Appends the entries in one transaction. False (and nothing written) when one of them already exists.</summary>
    public Task<bool> TryAppend(IReadOnlyList<StarEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return Task.FromResult(true);
        }

        return TryCommit(async ct =>
        {
            db.AddRange(entries);
            await db.SaveChangesAsync(ct);
            return entries;
        }, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> (which saves whatever it adds, ledger entries included) in one transaction, lets the
    /// observers record what the entries it returns earn (once per receiver, in the same transaction), and commits.
    /// False when a unique index refused a row: the transaction is rolled back, the change tracker cleared, and the
    /// caller should treat the work as already done (or re-read the state and try again). Any other failure, an
    /// observer's included, rolls everything back and propagates, so the event retries and pays once.
    /// </summary>
    public async Task<bool> TryCommit(Func<CancellationToken, Task<IReadOnlyList<StarEntry>>> work, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        try
        {
            var written = await work(cancellationToken);
            await Notify(written, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            StarsLog.AlreadyRecorded(logger, ex.InnerException?.Message ?? ex.Message);
            return false;
        }
        catch
        {
            // Rolled back when the transaction is disposed: nothing the scope still tracks was stored.
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>
    /// After a use case has said its piece in Slack: the observers announce what these receivers earned and have not
    /// been told yet (a milestone title), in the thread of the win that earned it or else at <paramref name="fallback"/>.
    /// Idempotent, so a retried event calls it again; a failure propagates (the event retries).
    /// </summary>
    public async Task AnnounceEarned(string teamId, IEnumerable<string> receiverIds, AnnouncementPlace? fallback = null, CancellationToken cancellationToken = default)
    {
        var receivers = receiverIds.Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal).ToList();
        if (receivers.Count == 0)
        {
            return;
        }

        foreach (var observer in observers)
        {
            await observer.AnnounceEarned(teamId, receivers, fallback, cancellationToken);
        }
    }

    /// <summary>A receiver's balance: the sum of every entry they received.</summary>
    public Task<int> Balance(string teamId, string userId, CancellationToken cancellationToken = default) =>
        db.Set<StarEntry>().AsNoTracking().Where(e => e.TeamId == teamId && e.ReceiverId == userId).SumAsync(e => e.Amount, cancellationToken);

    /// <summary>Net stars received in [from, to) (UTC).</summary>
    public Task<int> ReceivedBetween(string teamId, string userId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default) =>
        db.Set<StarEntry>().AsNoTracking()
            .Where(e => e.TeamId == teamId && e.ReceiverId == userId && e.CreatedAt >= fromUtc && e.CreatedAt < toUtc)
            .SumAsync(e => e.Amount, cancellationToken);

    /// <summary>Awards about a win that have not been reversed (what deleting the win must undo).</summary>
    public Task<List<StarEntry>> ActiveAwards(string teamId, long winId, CancellationToken cancellationToken = default) =>
        NotReversed(db.Set<StarEntry>().Where(e => e.TeamId == teamId && e.WinId == winId && e.Amount > 0 && e.Reason != StarReason.Reversal))
            .OrderBy(e => e.Id).ToListAsync(cancellationToken);

    /// <summary>All awards of one kind for one receiver on a win (reversed or not), for numbering the next one.</summary>
    public Task<List<StarEntry>> Awards(string teamId, long winId, StarReason reason, string receiverId, string? giverId, CancellationToken cancellationToken = default) =>
        db.Set<StarEntry>().AsNoTracking()
            .Where(e => e.TeamId == teamId && e.WinId == winId && e.Reason == reason && e.ReceiverId == receiverId && e.GiverId == giverId)
            .OrderBy(e => e.Id).ToListAsync(cancellationToken);

    /// <summary>Whether an entry is still in force (no reversal points at it).</summary>
    public Task<bool> IsReversed(string teamId, long entryId, CancellationToken cancellationToken = default) =>
        db.Set<StarEntry>().AsNoTracking().AnyAsync(e => e.TeamId == teamId && e.ReversesEntryId == entryId, cancellationToken);

    /// <summary>
    /// The stars people gave each other that still stand: cheers, and the credits a poster hands out in a win (both
    /// have a giver). What every fair-play limit and the reciprocity audit count; a removed cheer, a dropped credit or a
    /// deleted win gives its stars back. Stars for posting a win and champion bonuses are not gifts.
    /// </summary>
    public IQueryable<StarEntry> StandingGifts(string teamId) =>
        NotReversed(db.Set<StarEntry>().AsNoTracking()
            .Where(e => e.TeamId == teamId && e.GiverId != null && (e.Reason == StarReason.Cheer || e.Reason == StarReason.Credit)));

    /// <summary>Stars a giver gave since <paramref name="sinceUtc"/> that still stand (the daily allowance).</summary>
    public Task<int> GivenSince(string teamId, string giverId, DateTime sinceUtc, CancellationToken cancellationToken = default) =>
        StandingGifts(teamId).Where(e => e.GiverId == giverId && e.CreatedAt >= sinceUtc).SumAsync(e => e.Amount, cancellationToken);

    /// <summary>Stars a giver gave one receiver in [from, to) that still stand (the monthly cap per pair).</summary>
    public Task<int> GivenBetween(string teamId, string giverId, string receiverId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default) =>
        StandingGifts(teamId).Where(e => e.GiverId == giverId && e.ReceiverId == receiverId && e.CreatedAt >= fromUtc && e.CreatedAt < toUtc)
            .SumAsync(e => e.Amount, cancellationToken);

    /// <summary>A poster's wins since <paramref name="sinceUtc"/> whose stars for posting still stand (the paid wins a day).</summary>
    public Task<int> PaidWinsSince(string teamId, string posterId, DateTime sinceUtc, CancellationToken cancellationToken = default) =>
        NotReversed(db.Set<StarEntry>().AsNoTracking()
                .Where(e => e.TeamId == teamId && e.ReceiverId == posterId && e.Reason == StarReason.Win && e.CreatedAt >= sinceUtc))
            .CountAsync(cancellationToken);

    /// <summary>All credit awards for one colleague on a win (reversed or not, whoever gave them), for numbering and reversing.</summary>
    public Task<List<StarEntry>> CreditAwards(string teamId, long winId, string receiverId, CancellationToken cancellationToken = default) =>
        db.Set<StarEntry>().AsNoTracking()
            .Where(e => e.TeamId == teamId && e.WinId == winId && e.Reason == StarReason.Credit && e.ReceiverId == receiverId)
            .OrderBy(e => e.Id).ToListAsync(cancellationToken);

    /// <summary>Whether an event already wrote to the ledger (per-event idempotency, also after a later toggle).</summary>
    public Task<bool> HasEntriesFrom(string teamId, string sourceEventId, CancellationToken cancellationToken = default) =>
        db.Set<StarEntry>().AsNoTracking().AnyAsync(e => e.TeamId == teamId && e.SourceEventId == sourceEventId, cancellationToken);

    private IQueryable<StarEntry> NotReversed(IQueryable<StarEntry> entries) =>
        entries.Where(e => !db.Set<StarEntry>().Any(r => r.TeamId == e.TeamId && r.ReversesEntryId == e.Id));

    /// <summary>One change per receiver of the batch (the sum of their entries; the win and event of the last one).</summary>
    private async Task Notify(IReadOnlyList<StarEntry> entries, CancellationToken cancellationToken)
    {
        var changes = entries.Where(e => e.Amount != 0)
            .GroupBy(e => (e.TeamId, e.ReceiverId))
            .Select(g => new StarsChanged(g.Key.TeamId, g.Key.ReceiverId, g.Sum(e => e.Amount), g.Last().WinId, g.Last().SourceEventId))
            .ToList();
        foreach (var change in changes)
        {
            foreach (var observer in observers)
            {
                await observer.OnStarsChanged(change, cancellationToken);
            }
        }
    }
}
