using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Data;

/// <summary>One ledger entry with the win it is about (who recognised whom, why, for which customer and stage).</summary>
internal sealed record LedgerRow(
    long EntryId,
    DateTime CreatedAt,
    string? GiverId,
    string ReceiverId,
    int Stars,
    StarReason Reason,
    long? ReversesEntryId,
    long? ReversedByEntryId,
    long? WinId,
    string? WinLink,
    string? Customer,
    LifecycleStage? Stage,
    ExperienceKind? Experience,
    string? Kpi,
    bool WinDeleted);

/// <summary>How many times a fair-play limit stopped stars from one person to another in the range.</summary>
internal sealed record RefusalCount(string GiverId, string ReceiverId, StarRefusal Rule, int Count, int Stars);

internal sealed record LedgerExport(LocalDates Range, TimeZoneInfo Zone, IReadOnlyList<LedgerRow> Entries, IReadOnlyList<RefusalCount> Refusals, IReadOnlyDictionary<string, string> Names);

/// <summary>
/// <c>/stars export [from] [to]</c>: every ledger entry created in the range (company time zone, both dates included),
/// reversals included and each entry's own reversal named, with the win's link, customer, lifecycle stage, kind of
/// experience and KPI, then the fair-play refusals in the range counted per giver, receiver and rule. Sent as a CSV file
/// in a DM to whoever asked (HR or a data admin), written by the shared CSV rules (<see cref="Rendering.Csv"/>).
/// </summary>
internal sealed class StarsExport(BotDbContext db, UserDirectory users, ISlackApiClient slack, IOptions<SchedulingOptions> scheduling, ILogger<StarsExport> logger)
{
    public async Task<LedgerExport> Build(string teamId, LocalDates range, CancellationToken cancellationToken)
    {
        var entries = await (
                from e in db.Set<StarEntry>().AsNoTracking()
                where e.TeamId == teamId && e.CreatedAt >= range.StartUtc && e.CreatedAt < range.EndUtc
                join w in db.Set<Win>().AsNoTracking() on e.WinId equals w.Id into won
                from w in won.DefaultIfEmpty()
                orderby e.Id
                select new LedgerRow(
                    e.Id,
                    e.CreatedAt,
                    e.GiverId,
                    e.ReceiverId,
                    e.Amount,
                    e.Reason,
                    e.ReversesEntryId,
                    db.Set<StarEntry>().Where(r => r.TeamId == teamId && r.ReversesEntryId == e.Id).Select(r => (long?)r.Id).FirstOrDefault(),
                    e.WinId,
                    w == null ? null : w.Permalink,
                    w == null ? null : w.Customer,
                    w == null ? null : w.Stage,
                    w == null ? null : w.Experience,
                    w == null ? null : w.Kpi,
                    w != null && w.DeletedAt != null))
            .ToListAsync(cancellationToken);

        var refusals = (await db.Set<RefusedStar>().AsNoTracking()
                .Where(r => r.TeamId == teamId && r.CreatedAt >= range.StartUtc && r.CreatedAt < range.EndUtc)
                .GroupBy(r => new { r.GiverId, r.ReceiverId, r.Rule })
                .Select(g => new { g.Key.GiverId, g.Key.ReceiverId, g.Key.Rule, Count = g.Count(), Stars = g.Sum(r => r.Stars) })
                .ToListAsync(cancellationToken))
            .Select(r => new RefusalCount(r.GiverId, r.ReceiverId, r.Rule, r.Count, r.Stars))
            .OrderBy(r => r.GiverId, StringComparer.Ordinal).ThenBy(r => r.ReceiverId, StringComparer.Ordinal).ThenBy(r => r.Rule)
            .ToList();

        var people = entries.SelectMany(e => new[] { e.GiverId, e.ReceiverId })
            .Concat(refusals.SelectMany(r => new[] { r.GiverId, r.ReceiverId }))
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var names = await users.CachedNames(teamId, people, cancellationToken);
        return new LedgerExport(range, scheduling.Value.TimeZoneInfo, entries, refusals, names);
    }

    /// <summary>Builds the export and uploads it into a DM with <paramref name="userId"/>.</summary>
    public async Task SendTo(string teamId, string userId, LocalDates range, CancellationToken cancellationToken)
    {
        var export = await Build(teamId, range, cancellationToken);
        var channel = await slack.Conversations.Open([userId], cancellationToken);
        await slack.Files.Upload(DataBlocks.LedgerCsv(export), DataBlocks.LedgerFileName(range), channel, DataBlocks.LedgerTitle(range), DataBlocks.LedgerComment(export), cancellationToken);
        DataLog.LedgerExported(logger, export.Entries.Count, export.Refusals.Count);
    }
}
