using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Champions;

/// <summary>
/// Titles for display. Current means: a Customer Champion during the nomination's month; a Champion of the Week
/// during the week it was won and the week after (until the next one is named); the highest milestone reached.
/// Revoked titles are left out.
/// </summary>
internal sealed class TitleService(BotDbContext db, IOptions<SchedulingOptions> scheduling, TimeProvider time, ILogger<TitleService> logger) : ITitleService
{
    public const string ChampionOfTheWeekTitle = "Customer Champion of the Week";

    public static string WeekKey(DateOnly weekStart) => "week:" + weekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<TitleBadge>>> CurrentTitles(string teamId, IReadOnlyCollection<string> userIds, DateTime asOfUtc, CancellationToken cancellationToken)
    {
        var ids = userIds.Distinct().ToList();
        var rows = await db.Set<GrantedTitle>().AsNoTracking()
            .Where(t => t.TeamId == teamId && ids.Contains(t.UserId) && t.RevokedAt == null && t.GrantedAt <= asOfUtc
                && (t.Kind == TitleKind.Milestone || (t.PeriodStart <= asOfUtc && t.PeriodEnd > asOfUtc)))
            .ToListAsync(cancellationToken);

        var result = new Dictionary<string, IReadOnlyList<TitleBadge>>(StringComparer.Ordinal);
        foreach (var group in rows.GroupBy(t => t.UserId))
        {
            var badges = group.Where(t => t.Kind == TitleKind.CustomerChampion).OrderBy(t => t.GrantedAt).Take(1)
                .Concat(group.Where(t => t.Kind == TitleKind.ChampionOfTheWeek).OrderByDescending(t => t.PeriodStart).Take(1))
                .Concat(group.Where(t => t.Kind == TitleKind.Milestone).OrderByDescending(t => t.MilestoneStars).Take(1))
                .Select(t => new TitleBadge(t.UserId, t.Name, t.Kind, t.GrantedAt))
                .ToList();
            result[group.Key] = badges;
        }

        return result;
    }

    public async Task<IReadOnlyList<TitleBadge>> ChampionsGranted(string teamId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        await db.Set<GrantedTitle>().AsNoTracking()
            .Where(t => t.TeamId == teamId && t.Kind == TitleKind.CustomerChampion && t.RevokedAt == null && t.GrantedAt >= fromUtc && t.GrantedAt < toUtc)
            .OrderBy(t => t.GrantedAt).ThenBy(t => t.Id)
            .Select(t => new TitleBadge(t.UserId, t.Name, t.Kind, t.GrantedAt))
            .ToListAsync(cancellationToken);

    /// <summary>The first call for a week records it; later calls for that week change nothing.</summary>
    public async Task RecordChampionOfTheWeek(string teamId, string userId, DateOnly weekStart, CancellationToken cancellationToken)
    {
        var key = WeekKey(weekStart);
        if (await db.Set<GrantedTitle>().AnyAsync(t => t.TeamId == teamId && t.NaturalKey == key, cancellationToken))
        {
            return;
        }

        var calendar = scheduling.Value.Calendar;
        var title = new GrantedTitle
        {
            TeamId = teamId,
            UserId = userId,
            Kind = TitleKind.ChampionOfTheWeek,
            Name = ChampionOfTheWeekTitle,
            NaturalKey = key,
            PeriodStart = calendar.StartOfDayUtc(weekStart),
            PeriodEnd = calendar.StartOfDayUtc(weekStart.AddDays(14)),
            GrantedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Add(title);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            ChampionsLog.ChampionOfTheWeek(logger, weekStart, userId);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.Entry(title).State = EntityState.Detached;
            if (!await db.Set<GrantedTitle>().AnyAsync(t => t.TeamId == teamId && t.NaturalKey == key, cancellationToken))
            {
                throw;
            }
        }
    }
}
