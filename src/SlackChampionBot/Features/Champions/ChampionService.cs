using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Champions;

internal enum NominationRefusal
{
    NoManagersConfigured = 1,
    NotAManager,
    SelfNomination,
    NomineeNotFound,
    NomineeIsBot,
    NomineeDeactivated,
    ReasonTooShort,
    AllowanceUsed,
    AlreadyNominated,
}

internal abstract record NominationOutcome;

internal sealed record Nominated(long NominationId, string NomineeId, int BonusStars, ChampionMonth Month) : NominationOutcome;

/// <summary>Why a nomination was refused; <paramref name="Limit"/> is the length or allowance that applied.</summary>
internal sealed record NominationRefused(NominationRefusal Why, int Limit = 0) : NominationOutcome;

internal enum WithdrawalRefusal
{
    NotAManager = 1,
    NothingToUndo,
    TooLate,

    /// <summary>The title was revoked already; a revoke keeps the bonus, so there is nothing left to undo.</summary>
    Revoked,
}

internal abstract record WithdrawalOutcome;

internal sealed record Withdrawn(long NominationId, string NomineeId, int ReversedStars) : WithdrawalOutcome;

internal sealed record WithdrawalRefused(WithdrawalRefusal Why, string? NomineeId = null, DateTime? NominatedAt = null) : WithdrawalOutcome;

internal sealed record ChampionOfMonth(long NominationId, string NomineeId, string ManagerId, string Reason, DateTime NominatedAt);

/// <param name="Withdrawn">The nominating manager undid the nomination (as opposed to a revoke of the title).</param>
internal sealed record TitleHistoryEntry(TitleKind Kind, string Name, DateTime GrantedAt, DateTime? PeriodStart, DateTime? PeriodEnd, string? Reason, string? ManagerId, DateTime? RevokedAt, int? MilestoneStars, bool Withdrawn = false);

internal enum RevokeOutcome
{
    Revoked = 1,

    /// <summary>Neither a manager nor an admin.</summary>
    NotAManager,
    NoSuchTitle,

    /// <summary>A manager named a Customer Champion title another manager nominated.</summary>
    NotYourNomination,

    /// <summary>A manager named a title nobody nominated (a milestone, Champion of the Week): admins only.</summary>
    AdminsOnly,
}

/// <summary>A revoke's outcome and, when a title was found, its name as granted.</summary>
internal sealed record RevokeResult(RevokeOutcome Outcome, string? TitleName = null);

/// <summary>
/// The Customer Champion rules: who may nominate whom, the monthly allowance, the title for the month and the bonus
/// stars (ledger entries <c>champion:{nominationId}</c>, reversed as <c>reversal:{entryId}</c>, written through the
/// <see cref="StarLedger"/> so its observers hear of them once, after commit), undo within 24 hours, and the history.
/// Refusals are decided before anything is written.
/// </summary>
internal sealed class ChampionService(
    BotDbContext db,
    UserDirectory users,
    ManagerRoster managers,
    StarLedger ledger,
    IOptions<ChampionsOptions> options,
    IOptions<SchedulingOptions> scheduling,
    TimeProvider time,
    ILogger<ChampionService> logger)
{
    public const string ChampionTitle = "Customer Champion";

    public static readonly TimeSpan UndoWindow = TimeSpan.FromHours(24);

    private CompanyCalendar Calendar => scheduling.Value.Calendar;

    public ChampionMonth CurrentMonth => ChampionMonth.Of(time.GetUtcNow().UtcDateTime, Calendar);

    public static string BonusKey(long nominationId) => $"champion:{nominationId}";

    public static string TitleKey(long nominationId) => $"champion:{nominationId}";

    /// <summary>Whether the user may open the nomination form (the same first checks as <see cref="Nominate"/>).</summary>
    public async Task<NominationRefused?> CheckManager(string teamId, string managerId, CancellationToken cancellationToken)
    {
        if (!managers.AnyConfigured)
        {
            return new NominationRefused(NominationRefusal.NoManagersConfigured);
        }

        return await managers.IsManager(teamId, managerId, cancellationToken) ? null : new NominationRefused(NominationRefusal.NotAManager);
    }

    /// <param name="reason">The reason in Slack markup (a modal's plain text must be escaped with Mrkdwn.Escape first).</param>
    public async Task<NominationOutcome> Nominate(string teamId, string managerId, string nomineeId, string reason, string? sourceId, CancellationToken cancellationToken)
    {
        var outcome = await Check(teamId, managerId, nomineeId, reason, cancellationToken);
        if (outcome is NominationRefused refused)
        {
            ChampionsLog.NominationRefused(logger, managerId, refused.Why);
            return refused;
        }

        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var month = ChampionMonth.Of(now, Calendar);
        NominationRefused? overLimit = null;
        ChampionNomination? nomination = null;

        // One transaction, one writer at a time (BEGIN IMMEDIATE on SQLite, PostgresWriteLock on PostgreSQL): the allowance is counted and used inside it. The ledger
        // commits it and then tells the observers (milestone titles) about the bonus.
        var committed = await ledger.TryCommit(async ct =>
        {
            overLimit = await Allowance(teamId, managerId, nomineeId, month, ct);
            if (overLimit is not null)
            {
                return [];
            }

            nomination = new ChampionNomination
            {
                TeamId = teamId,
                ManagerId = managerId,
                NomineeId = nomineeId,
                Reason = reason.Trim(),
                Month = month.Key,
                CreatedAt = now,
            };
            db.Add(nomination);
            await db.SaveChangesAsync(ct);

            db.Add(new GrantedTitle
            {
                TeamId = teamId,
                UserId = nomineeId,
                Kind = TitleKind.CustomerChampion,
                Name = ChampionTitle,
                NaturalKey = TitleKey(nomination.Id),
                PeriodStart = month.StartUtc(Calendar),
                PeriodEnd = month.EndUtc(Calendar),
                NominationId = nomination.Id,
                GrantedAt = now,
            });
            await db.SaveChangesAsync(ct);
            if (settings.BonusStars <= 0)
            {
                return [];
            }

            var bonus = ledger.Entry(teamId, null, nomineeId, settings.BonusStars, StarReason.Champion, null, BonusKey(nomination.Id), sourceId);
            db.Add(bonus);
            await db.SaveChangesAsync(ct);
            nomination.BonusEntryId = bonus.Id;
            await db.SaveChangesAsync(ct);
            return [bonus];
        }, cancellationToken);

        if (overLimit is not null)
        {
            ChampionsLog.NominationRefused(logger, managerId, overLimit.Why);
            return overLimit;
        }

        if (!committed || nomination is null)
        {
            // Every key written here derives from the new nomination's id, so no earlier row can collide with it.
            throw new InvalidOperationException("The nomination was refused by a unique index it cannot collide with.");
        }

        ChampionsLog.Nominated(logger, nomination.Id, managerId, nomineeId, month.Key);
        return new Nominated(nomination.Id, nomineeId, settings.BonusStars, month);
    }

    /// <summary>
    /// Withdraws the manager's latest nomination (of <paramref name="nomineeId"/> when given) made within 24 hours:
    /// the title is revoked, the bonus reversed; the nomination and both ledger entries stay.
    /// </summary>
    public async Task<WithdrawalOutcome> Withdraw(string teamId, string managerId, string? nomineeId, CancellationToken cancellationToken)
    {
        if (!await managers.IsManager(teamId, managerId, cancellationToken))
        {
            return new WithdrawalRefused(WithdrawalRefusal.NotAManager);
        }

        var now = time.GetUtcNow().UtcDateTime;
        WithdrawalRefused? refused = null;
        ChampionNomination? nomination = null;
        StarEntry? reversal = null;
        var committed = await ledger.TryCommit(async ct =>
        {
            nomination = await db.Set<ChampionNomination>()
                .Where(n => n.TeamId == teamId && n.ManagerId == managerId && n.WithdrawnAt == null && (nomineeId == null || n.NomineeId == nomineeId))
                .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
                .FirstOrDefaultAsync(ct);
            if (nomination is null)
            {
                refused = new WithdrawalRefused(WithdrawalRefusal.NothingToUndo, nomineeId);
                return [];
            }

            var titleKey = TitleKey(nomination.Id);
            var title = await db.Set<GrantedTitle>().SingleOrDefaultAsync(t => t.TeamId == teamId && t.NaturalKey == titleKey, ct);
            if (title?.RevokedAt is not null)
            {
                refused = new WithdrawalRefused(WithdrawalRefusal.Revoked, nomination.NomineeId, nomination.CreatedAt);
                return [];
            }

            if (now - nomination.CreatedAt > UndoWindow)
            {
                refused = new WithdrawalRefused(WithdrawalRefusal.TooLate, nomination.NomineeId, nomination.CreatedAt);
                return [];
            }

            nomination.WithdrawnAt = now;
            if (title is not null)
            {
                title.RevokedAt = now;
                title.RevokedBy = managerId;
            }

            if (nomination.BonusEntryId is { } bonusId && await db.Set<StarEntry>().SingleOrDefaultAsync(e => e.Id == bonusId, ct) is { } bonus)
            {
                reversal = ledger.Reversal(bonus, sourceEventId: null);
                db.Add(reversal);
                await db.SaveChangesAsync(ct);
                nomination.ReversalEntryId = reversal.Id;
            }

            await db.SaveChangesAsync(ct);
            return reversal is null ? [] : [reversal];
        }, cancellationToken);

        if (refused is not null)
        {
            return refused;
        }

        if (!committed || nomination is null)
        {
            // The bonus was already reversed (a concurrent undo won): nothing is left to undo.
            return new WithdrawalRefused(WithdrawalRefusal.NothingToUndo, nomineeId);
        }

        ChampionsLog.Withdrawn(logger, nomination.Id, managerId);
        return new Withdrawn(nomination.Id, nomination.NomineeId, reversal is null ? 0 : -reversal.Amount);
    }

    /// <summary>The month's champions (withdrawn nominations and revoked titles left out), oldest first.</summary>
    public async Task<IReadOnlyList<ChampionOfMonth>> ChampionsOf(string teamId, ChampionMonth month, CancellationToken cancellationToken) =>
        await db.Set<ChampionNomination>().AsNoTracking()
            .Where(n => n.TeamId == teamId && n.Month == month.Key && n.WithdrawnAt == null)
            .Where(n => !db.Set<GrantedTitle>().Any(t => t.TeamId == n.TeamId && t.NominationId == n.Id && t.RevokedAt != null))
            .OrderBy(n => n.CreatedAt).ThenBy(n => n.Id)
            .Select(n => new ChampionOfMonth(n.Id, n.NomineeId, n.ManagerId, n.Reason, n.CreatedAt))
            .ToListAsync(cancellationToken);

    /// <summary>Every title the user was granted, newest first, revoked ones included (and marked).</summary>
    public async Task<IReadOnlyList<TitleHistoryEntry>> History(string teamId, string userId, CancellationToken cancellationToken) =>
        await (from t in db.Set<GrantedTitle>().AsNoTracking()
               join n in db.Set<ChampionNomination>().AsNoTracking() on t.NominationId equals (long?)n.Id into nominations
               from n in nominations.DefaultIfEmpty()
               where t.TeamId == teamId && t.UserId == userId
               orderby t.GrantedAt descending, t.Id descending
               select new TitleHistoryEntry(t.Kind, t.Name, t.GrantedAt, t.PeriodStart, t.PeriodEnd, n == null ? null : n.Reason, n == null ? null : n.ManagerId, t.RevokedAt, t.MilestoneStars, n != null && n.WithdrawnAt != null))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Withdraws a title (by name, case-insensitive; the most recent one held). Who may: the manager who nominated a
    /// Customer Champion (for their own nominations), and the admins (<c>Champions:Admins</c>) for any title, milestone
    /// titles and the Champion of the Week included. The row stays, marked revoked; stars are not touched: a revoke
    /// keeps the nomination's bonus (only <see cref="Withdraw"/>, within 24 hours, reverses it).
    /// </summary>
    public async Task<RevokeResult> Revoke(string teamId, string callerId, string userId, string titleName, CancellationToken cancellationToken)
    {
        var isAdmin = await managers.IsAdmin(teamId, callerId, cancellationToken);
        if (!isAdmin && !await managers.IsManager(teamId, callerId, cancellationToken))
        {
            return new RevokeResult(RevokeOutcome.NotAManager);
        }

        var held = await (from t in db.Set<GrantedTitle>()
                          join n in db.Set<ChampionNomination>() on t.NominationId equals (long?)n.Id into nominations
                          from n in nominations.DefaultIfEmpty()
                          where t.TeamId == teamId && t.UserId == userId && t.RevokedAt == null
                          orderby t.GrantedAt descending, t.Id descending
                          select new { Title = t, NominatedBy = n == null ? null : n.ManagerId })
            .ToListAsync(cancellationToken);
        var named = held.Where(h => string.Equals(h.Title.Name, titleName.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        if (named.Count == 0)
        {
            return new RevokeResult(RevokeOutcome.NoSuchTitle);
        }

        var title = isAdmin ? named[0].Title : named.FirstOrDefault(h => h.NominatedBy == callerId)?.Title;
        if (title is null)
        {
            return new RevokeResult(named.Any(h => h.NominatedBy is not null) ? RevokeOutcome.NotYourNomination : RevokeOutcome.AdminsOnly, named[0].Title.Name);
        }

        title.RevokedAt = time.GetUtcNow().UtcDateTime;
        title.RevokedBy = callerId;
        await db.SaveChangesAsync(cancellationToken);
        ChampionsLog.Revoked(logger, title.Id, title.Name, userId, callerId);
        return new RevokeResult(RevokeOutcome.Revoked, title.Name);
    }

    private async Task<NominationOutcome?> Check(string teamId, string managerId, string nomineeId, string reason, CancellationToken cancellationToken)
    {
        if (await CheckManager(teamId, managerId, cancellationToken) is { } notManager)
        {
            return notManager;
        }

        if (nomineeId == managerId)
        {
            return new NominationRefused(NominationRefusal.SelfNomination);
        }

        var nominee = Mrkdwn.IsUserId(nomineeId) ? await users.Get(teamId, nomineeId, cancellationToken) : null;
        if (nominee is null)
        {
            return new NominationRefused(NominationRefusal.NomineeNotFound);
        }

        if (nominee.IsBot)
        {
            return new NominationRefused(NominationRefusal.NomineeIsBot);
        }

        if (nominee.IsDeleted)
        {
            return new NominationRefused(NominationRefusal.NomineeDeactivated);
        }

        var minimum = options.Value.MinimumReasonLength;
        if (ReasonLength(reason) < minimum)
        {
            return new NominationRefused(NominationRefusal.ReasonTooShort, minimum);
        }

        return await Allowance(teamId, managerId, nomineeId, CurrentMonth, cancellationToken);
    }

    private async Task<NominationRefused?> Allowance(string teamId, string managerId, string nomineeId, ChampionMonth month, CancellationToken cancellationToken)
    {
        var mine = await db.Set<ChampionNomination>().AsNoTracking()
            .Where(n => n.TeamId == teamId && n.ManagerId == managerId && n.Month == month.Key && n.WithdrawnAt == null)
            .Select(n => n.NomineeId)
            .ToListAsync(cancellationToken);
        if (mine.Contains(nomineeId))
        {
            return new NominationRefused(NominationRefusal.AlreadyNominated);
        }

        var limit = options.Value.NominationsPerManagerPerMonth;
        return mine.Count >= limit ? new NominationRefused(NominationRefusal.AllowanceUsed, limit) : null;
    }

    /// <summary>The reason's length as the reader sees it (Slack's escaping undone, surrounding spaces ignored).</summary>
    internal static int ReasonLength(string reason) => Mrkdwn.Unescape(reason).Trim().Length;
}
