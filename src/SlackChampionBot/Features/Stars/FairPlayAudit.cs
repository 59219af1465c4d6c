using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Stars;

/// <summary>Stars one person gave another in the audited month (standing cheers and credits).</summary>
internal sealed record GiftFlow(string GiverId, string ReceiverId, int Stars);

/// <summary>Two people who each gave the other most of their stars: <see cref="AToB"/> of A's <see cref="AGave"/>, and back.</summary>
internal sealed record FlaggedPair(string A, string B, int AToB, int BToA, int AGave, int BGave);

/// <summary>Three people starring round in a ring (A → B → C → A), each giving the other two most of their stars.</summary>
internal sealed record FlaggedRing(IReadOnlyList<string> Members, IReadOnlyList<int> StepStars, IReadOnlyList<int> Gave);

internal sealed record StarCount(string UserId, int Stars);

/// <summary>What <c>/stars audit</c> shows for one month, and the thresholds that flagged it.</summary>
internal sealed record FairPlayAuditReport(
    LocalDates Month,
    int MinStars,
    int SharePercent,
    IReadOnlyList<FlaggedPair> Pairs,
    IReadOnlyList<FlaggedRing> Rings,
    IReadOnlyList<StarCount> TopGivers,
    IReadOnlyList<StarCount> TopReceivers,
    IReadOnlyList<TeamRecognition> QuietTeams,
    DateTime QuietAsOfUtc,
    int Gifts);

/// <summary>
/// The reciprocity audit, for HR and data admins: flags (never blocks) pairs where each gives the other most of their
/// stars and small rings of three that mostly star each other, over one calendar month (company time zone) of the
/// stars people gave each other (<see cref="StarLedger.StandingGifts"/>: cheers and credits, reversals left out).
/// A pair is flagged when each gave the other at least <see cref="FairPlayOptions.ReciprocityMinStars"/> stars and at
/// least <see cref="FairPlayOptions.ReciprocitySharePercent"/> percent of all they gave; a ring A → B → C → A when each
/// step is at least the minimum and each member gave the other two at least that share. A busy giver whose stars go one
/// way is never flagged. Also: who gave and received the most, and the teams that received nothing in the 30 days up to
/// the month's end (or now).
/// </summary>
internal sealed class FairPlayAudit(StarLedger ledger, TeamStars teamStars, IOptions<FairPlayOptions> options, TimeProvider time)
{
    public const int TopCount = 5;

    public async Task<FairPlayAuditReport> Build(string teamId, LocalDates month, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var flows = await ledger.StandingGifts(teamId)
            .Where(e => e.CreatedAt >= month.StartUtc && e.CreatedAt < month.EndUtc)
            .GroupBy(e => new { e.GiverId, e.ReceiverId })
            .Select(g => new GiftFlow(g.Key.GiverId!, g.Key.ReceiverId, g.Sum(e => e.Amount)))
            .ToListAsync(cancellationToken);
        flows = flows.Where(f => f.Stars > 0).ToList();

        var now = time.GetUtcNow().UtcDateTime;
        var asOf = now < month.EndUtc ? now : month.EndUtc;
        var quiet = (await teamStars.ByTeam(teamId, month.StartUtc, month.EndUtc, asOf, cancellationToken)).Where(t => t.NoStarsIn30Days).ToList();
        return new FairPlayAuditReport(
            month,
            settings.ReciprocityMinStars,
            settings.ReciprocitySharePercent,
            Pairs(flows, settings.ReciprocityMinStars, settings.ReciprocitySharePercent),
            Rings(flows, settings.ReciprocityMinStars, settings.ReciprocitySharePercent),
            Top(flows.GroupBy(f => f.GiverId)),
            Top(flows.GroupBy(f => f.ReceiverId)),
            quiet,
            asOf,
            flows.Sum(f => f.Stars));
    }

    /// <summary>Pairs where each gave the other at least <paramref name="minStars"/> and <paramref name="sharePercent"/>% of what they gave.</summary>
    internal static IReadOnlyList<FlaggedPair> Pairs(IReadOnlyList<GiftFlow> flows, int minStars, int sharePercent)
    {
        var given = Given(flows);
        var between = flows.ToDictionary(f => (f.GiverId, f.ReceiverId), f => f.Stars);
        var pairs = new List<FlaggedPair>();
        foreach (var flow in flows.Where(f => string.CompareOrdinal(f.GiverId, f.ReceiverId) < 0))
        {
            var back = between.GetValueOrDefault((flow.ReceiverId, flow.GiverId));
            if (Mostly(flow.Stars, given[flow.GiverId], minStars, sharePercent) && back > 0 && Mostly(back, given[flow.ReceiverId], minStars, sharePercent))
            {
                pairs.Add(new FlaggedPair(flow.GiverId, flow.ReceiverId, flow.Stars, back, given[flow.GiverId], given[flow.ReceiverId]));
            }
        }

        return pairs.OrderByDescending(p => p.AToB + p.BToA).ThenBy(p => p.A, StringComparer.Ordinal).ToList();
    }

    /// <summary>Rings A → B → C → A of three people, each step at least <paramref name="minStars"/>, each member giving the other two at least the share.</summary>
    internal static IReadOnlyList<FlaggedRing> Rings(IReadOnlyList<GiftFlow> flows, int minStars, int sharePercent)
    {
        var given = Given(flows);
        var between = flows.ToDictionary(f => (f.GiverId, f.ReceiverId), f => f.Stars);
        var steps = flows.Where(f => f.Stars >= minStars).ToLookup(f => f.GiverId);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rings = new List<FlaggedRing>();
        foreach (var ab in flows.Where(f => f.Stars >= minStars))
        {
            foreach (var bc in steps[ab.ReceiverId].Where(f => f.ReceiverId != ab.GiverId))
            {
                var a = ab.GiverId;
                var b = ab.ReceiverId;
                var c = bc.ReceiverId;
                var ca = between.GetValueOrDefault((c, a));
                var members = new[] { a, b, c };
                if (ca < minStars || !seen.Add(string.Join(' ', members.Order(StringComparer.Ordinal))))
                {
                    continue;
                }

                int ToOthers(string m) => members.Where(o => o != m).Sum(o => between.GetValueOrDefault((m, o)));
                if (members.All(m => ToOthers(m) * 100 >= sharePercent * given[m]))
                {
                    rings.Add(new FlaggedRing(members, [ab.Stars, bc.Stars, ca], members.Select(m => given[m]).ToList()));
                }
            }
        }

        return rings;
    }

    private static bool Mostly(int stars, int gave, int minStars, int sharePercent) => stars >= minStars && stars * 100 >= sharePercent * gave;

    private static Dictionary<string, int> Given(IEnumerable<GiftFlow> flows) =>
        flows.GroupBy(f => f.GiverId).ToDictionary(g => g.Key, g => g.Sum(f => f.Stars), StringComparer.Ordinal);

    private static List<StarCount> Top(IEnumerable<IGrouping<string, GiftFlow>> people) =>
        people.Select(g => new StarCount(g.Key, g.Sum(f => f.Stars)))
            .OrderByDescending(s => s.Stars).ThenBy(s => s.UserId, StringComparer.Ordinal)
            .Take(TopCount).ToList();
}
