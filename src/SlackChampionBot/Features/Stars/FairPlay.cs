using Microsoft.Extensions.Options;
using SlackChampionBot.Features.People;
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
}

/// <summary>Whether a person may give a star now, and if not, why (with what the refusal message needs).</summary>
internal sealed record FairPlayVerdict(StarRefusal? Refusal, int DailyLimit, TimeSpan RefillsIn, bool GiverIsHuman)
{
    public bool Allowed => Refusal is null;
}

/// <summary>
/// The rules for stars one person gives another: no self-stars, no bots (the bot itself included), guests only when
/// allowed, and at most <see cref="FairPlayOptions.DailyGiveLimit"/> standing stars given since the giver's own local
/// midnight (Slack's <c>tz</c> for them; the company zone when Slack has none), placed by the company calendar's rule.
/// </summary>
internal sealed class FairPlay(
    StarLedger ledger,
    UserDirectory users,
    IOptions<FairPlayOptions> options,
    IOptions<SchedulingOptions> scheduling,
    TimeProvider time)
{
    public async Task<FairPlayVerdict> CheckGift(string teamId, string giverId, string receiverId, string? botUserId, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var giver = giverId == botUserId ? null : await users.Get(teamId, giverId, cancellationToken);
        var giverIsHuman = giver is { IsBot: false, IsDeleted: false };
        var company = scheduling.Value.Calendar;
        var today = company.In(giver?.ZoneOr(company.Zone) ?? company.Zone).Day(now.UtcDateTime);
        FairPlayVerdict Verdict(StarRefusal? refusal) => new(refusal, settings.DailyGiveLimit, new DateTimeOffset(today.EndUtc) - now, giverIsHuman);

        if (!giverIsHuman || receiverId == botUserId)
        {
            return Verdict(StarRefusal.Bot);
        }

        if (giverId == receiverId)
        {
            return Verdict(StarRefusal.SelfStar);
        }

        var receiver = await users.Get(teamId, receiverId, cancellationToken);
        if (receiver is null || receiver.IsDeleted)
        {
            return Verdict(StarRefusal.NotAColleague);
        }

        if (receiver.IsBot)
        {
            return Verdict(StarRefusal.Bot);
        }

        if (!settings.AllowGuests && (giver!.IsGuest || receiver.IsGuest))
        {
            return Verdict(StarRefusal.Guest);
        }

        var given = await ledger.StandingCheersGivenSince(teamId, giverId, today.StartUtc, cancellationToken);
        return Verdict(given >= settings.DailyGiveLimit ? StarRefusal.DailyLimit : null);
    }
}
