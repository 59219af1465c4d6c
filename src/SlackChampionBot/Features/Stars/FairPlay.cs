using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Stars;

internal enum StarRefusal
{
    /// <summary>Giver and receiver are the same person.</summary>
    SelfStar = 1,

    /// <summary>A bot (or the bot itself) gives or would receive.</summary>
    Bot = 2,

    /// <summary>A guest gives or would receive, and FairPlay:AllowGuests is false.</summary>
    Guest = 3,

    /// <summary>The giver has given their daily limit since their local midnight.</summary>
    DailyLimit = 4,

    /// <summary>A deactivated or unknown person would receive.</summary>
    NotAColleague = 5,

    /// <summary>The giver has given this colleague <see cref="FairPlayOptions.MaxStarsPerPairPerMonth"/> this calendar month.</summary>
    PairMonthlyLimit = 6,

    /// <summary>The win already pays as many colleagues as a win may (<c>Wins:MaxCreditsPerWin</c>).</summary>
    CreditsPerWin = 7,

    /// <summary>The poster's wins today already paid their stars <c>Wins:MaxPaidWinsPerDay</c> times.</summary>
    PaidWinsPerDay = 8,
}

/// <summary>
/// Who is giving: a person (or not), the zone their day runs in (Slack's <c>tz</c> for them; the company's when Slack
/// has none) and their daily allowance.
/// </summary>
internal sealed record Giver(string UserId, bool IsHuman, bool IsGuest, TimeZoneInfo Zone, int DailyLimit);

/// <summary>
/// Whether stars from <see cref="Giver"/> to <see cref="ReceiverId"/> pay, and if not, why: the rule, its number
/// (<see cref="Limit"/>), and when it resets (<see cref="ResetsAtUtc"/>, null for a rule that never resets, such as a
/// win's credits), with the giver's zone so a refusal can say it in their own time.
/// </summary>
internal sealed record FairPlayVerdict(string ReceiverId, StarRefusal? Refusal, int Limit, DateTime? ResetsAtUtc, TimeSpan ResetsIn, Giver Giver)
{
    public bool Allowed => Refusal is null;

    public bool GiverIsHuman => Giver.IsHuman;

    /// <summary>A fair-play limit (kept for the export), rather than who may take part at all.</summary>
    public bool IsLimit => Refusal is StarRefusal.DailyLimit or StarRefusal.PairMonthlyLimit or StarRefusal.CreditsPerWin or StarRefusal.PaidWinsPerDay;
}

/// <summary>
/// The rules for the stars one person causes another to get, in one place for cheers, credits and the stars for posting:
/// <list type="bullet">
/// <item>who may take part (<see cref="Eligibility"/>): no self-stars, no bots (the bot itself included), guests only
/// when allowed, only active colleagues receive;</item>
/// <item>the limits (<see cref="Allow"/>, <see cref="AllowPaidWin"/>): every star a person gives (a cheer, or a credit
/// in their win) counts against their daily allowance to their own local midnight, the highest limit of their groups
/// in <see cref="FairPlayOptions.DailyGiveLimitByGroup"/> or else <see cref="FairPlayOptions.DailyGiveLimit"/>; at most
/// <see cref="FairPlayOptions.MaxStarsPerPairPerMonth"/> from one person to the same colleague in a calendar month
/// (company time zone); a win pays at most its credit limit of colleagues, in the order they were named; a person's
/// wins pay their stars for posting a limited number of times a day (their local midnight again).</item>
/// </list>
/// The limits read only the database: call them inside the ledger's write transaction
/// (<see cref="StarLedger.TryCommit"/>), so that two stars given at the same moment cannot both pass the last place.
/// Eligibility may ask Slack for a profile: call it before the transaction.
/// </summary>
internal sealed class FairPlay(
    BotDbContext db,
    StarLedger ledger,
    UserDirectory users,
    UserGroupDirectory groups,
    IOptions<FairPlayOptions> options,
    IOptions<SchedulingOptions> scheduling,
    TimeProvider time)
{
    /// <summary>The giver's profile, zone and daily allowance. The bot itself, bots and deactivated people are not human givers.</summary>
    public async Task<Giver> Giver(string teamId, string giverId, string? botUserId, CancellationToken cancellationToken = default)
    {
        var company = scheduling.Value.Calendar.Zone;
        var profile = giverId == botUserId ? null : await users.Get(teamId, giverId, cancellationToken);
        var isHuman = profile is { IsBot: false, IsDeleted: false };
        return new Giver(giverId, isHuman, profile?.IsGuest ?? false, profile?.ZoneOr(company) ?? company, await DailyLimit(teamId, giverId, cancellationToken));
    }

    /// <summary>
    /// The daily allowance: the highest limit among the <see cref="FairPlayOptions.DailyGiveLimitByGroup"/> groups the
    /// person is in (so a group can also have a lower one), else <see cref="FairPlayOptions.DailyGiveLimit"/>. Read from
    /// the synced copy of the groups: an allowance is not a sensitive action, so it is not re-checked live with Slack.
    /// </summary>
    public async Task<int> DailyLimit(string teamId, string userId, CancellationToken cancellationToken = default)
    {
        int? highest = null;
        foreach (var (group, limit) in options.Value.DailyGiveLimitByGroup)
        {
            if ((highest is null || limit > highest) && await groups.IsMember(teamId, group, userId, cancellationToken))
            {
                highest = limit;
            }
        }

        return highest ?? options.Value.DailyGiveLimit;
    }

    /// <summary>Whether a person takes part in stars at all: a human colleague, and a guest only when guests are allowed.</summary>
    public bool TakesPart(Giver person) => person.IsHuman && (options.Value.AllowGuests || !person.IsGuest);

    /// <summary>Whether the giver may give the receiver stars at all (null: yes). May ask Slack for the receiver's profile.</summary>
    public async Task<StarRefusal?> Eligibility(string teamId, Giver giver, string receiverId, string? botUserId, CancellationToken cancellationToken = default)
    {
        if (!giver.IsHuman || receiverId == botUserId)
        {
            return StarRefusal.Bot;
        }

        if (giver.UserId == receiverId)
        {
            return StarRefusal.SelfStar;
        }

        var receiver = await users.Get(teamId, receiverId, cancellationToken);
        return receiver switch
        {
            null or { IsDeleted: true } => StarRefusal.NotAColleague,
            { IsBot: true } => StarRefusal.Bot,
            _ when !options.Value.AllowGuests && (giver.IsGuest || receiver.IsGuest) => StarRefusal.Guest,
            _ => null,
        };
    }

    /// <summary>A verdict for a refusal that does not reset (who may take part).</summary>
    public FairPlayVerdict Refused(Giver giver, string receiverId, StarRefusal refusal) => new(receiverId, refusal, 0, null, TimeSpan.Zero, giver);

    /// <summary>
    /// The limits, for <paramref name="starsEach"/> stars from the giver to each receiver in turn (a cheer: one receiver;
    /// a win's credits: the colleagues in the order named, of whom at most <paramref name="maxReceivers"/> are paid).
    /// Each paid receiver uses up allowance for the next. Database only: call inside the ledger's write transaction.
    /// </summary>
    public async Task<IReadOnlyList<FairPlayVerdict>> Allow(string teamId, Giver giver, IReadOnlyList<string> receiverIds, int starsEach, int maxReceivers = int.MaxValue, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var today = scheduling.Value.Calendar.In(giver.Zone).Day(now.UtcDateTime);
        var month = scheduling.Value.Calendar.Month(now.UtcDateTime);
        var left = giver.DailyLimit - await ledger.GivenSince(teamId, giver.UserId, today.StartUtc, cancellationToken);
        var paid = 0;
        var verdicts = new List<FairPlayVerdict>(receiverIds.Count);
        foreach (var receiverId in receiverIds)
        {
            FairPlayVerdict Verdict(StarRefusal? refusal, int limit, DateTime? resetsAt) =>
                new(receiverId, refusal, limit, resetsAt, resetsAt is { } at ? new DateTimeOffset(at) - now : TimeSpan.Zero, giver);

            if (paid >= maxReceivers)
            {
                verdicts.Add(Verdict(StarRefusal.CreditsPerWin, maxReceivers, null));
                continue;
            }

            if (starsEach > 0 && starsEach > left)
            {
                verdicts.Add(Verdict(StarRefusal.DailyLimit, giver.DailyLimit, today.EndUtc));
                continue;
            }

            if (starsEach > 0 && settings.MaxStarsPerPairPerMonth > 0
                && await ledger.GivenBetween(teamId, giver.UserId, receiverId, month.StartUtc, month.EndUtc, cancellationToken) + starsEach > settings.MaxStarsPerPairPerMonth)
            {
                verdicts.Add(Verdict(StarRefusal.PairMonthlyLimit, settings.MaxStarsPerPairPerMonth, month.EndUtc));
                continue;
            }

            left -= starsEach;
            paid++;
            verdicts.Add(Verdict(null, giver.DailyLimit, null));
        }

        return verdicts;
    }

    /// <summary>
    /// Whether a new win pays its poster's stars for posting: at most <paramref name="maxPaidWinsPerDay"/> standing paid
    /// wins since the poster's local midnight. Database only: call inside the ledger's write transaction.
    /// </summary>
    public async Task<FairPlayVerdict> AllowPaidWin(string teamId, Giver poster, int maxPaidWinsPerDay, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var today = scheduling.Value.Calendar.In(poster.Zone).Day(now.UtcDateTime);
        var paid = await ledger.PaidWinsSince(teamId, poster.UserId, today.StartUtc, cancellationToken);
        return paid < maxPaidWinsPerDay
            ? new FairPlayVerdict(poster.UserId, null, maxPaidWinsPerDay, null, TimeSpan.Zero, poster)
            : new FairPlayVerdict(poster.UserId, StarRefusal.PaidWinsPerDay, maxPaidWinsPerDay, today.EndUtc, new DateTimeOffset(today.EndUtc) - now, poster);
    }

    /// <summary>
    /// Keeps the limit refusals among <paramref name="verdicts"/> for HR's export (in the caller's transaction; saved with
    /// it), once per event, rule and receiver: a retried event does not count twice.
    /// </summary>
    public async Task RecordRefusals(string teamId, IEnumerable<FairPlayVerdict> verdicts, int stars, long? winId, string? sourceEventId, CancellationToken cancellationToken = default)
    {
        var source = sourceEventId ?? Guid.NewGuid().ToString("N");
        foreach (var verdict in verdicts.Where(v => v.IsLimit))
        {
            var key = $"refusal:{(int)verdict.Refusal!.Value}:{verdict.ReceiverId}:{source}";
            if (db.ChangeTracker.Entries<RefusedStar>().Any(e => e.Entity.TeamId == teamId && e.Entity.NaturalKey == key)
                || await db.Set<RefusedStar>().AnyAsync(r => r.TeamId == teamId && r.NaturalKey == key, cancellationToken))
            {
                continue;
            }

            db.Add(new RefusedStar
            {
                TeamId = teamId,
                GiverId = verdict.Giver.UserId,
                ReceiverId = verdict.ReceiverId,
                Rule = verdict.Refusal.Value,
                Stars = stars,
                WinId = winId,
                NaturalKey = key,
                CreatedAt = ledger.UtcNow,
            });
        }
    }
}
