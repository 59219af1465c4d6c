namespace SlackChampionBot.Features.Champions;

internal enum TitleKind
{
    /// <summary>Nominated by a manager; held for the calendar month (company time zone).</summary>
    CustomerChampion = 1,

    /// <summary>Top of the weekly table, named in the weekly post.</summary>
    ChampionOfTheWeek = 2,

    /// <summary>Crossing an all-time star total (Rising Star, Customer Hero, Customer Legend, …).</summary>
    Milestone = 3,
}

/// <summary>A title as shown next to a name.</summary>
internal sealed record TitleBadge(string UserId, string Name, TitleKind Kind, DateTime GrantedAt);

/// <summary>
/// Titles, for the features that show them (/stars, league tables, App Home, the weekly post) and for the weekly post
/// to record the Champion of the Week. Implemented by the Champions feature.
/// </summary>
internal interface ITitleService
{
    /// <summary>The titles each user holds at <paramref name="asOfUtc"/> (current champions, milestones; revoked ones left out).</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<TitleBadge>>> CurrentTitles(string teamId, IReadOnlyCollection<string> userIds, DateTime asOfUtc, CancellationToken cancellationToken);

    /// <summary>Customer Champion nominations granted in [fromUtc, toUtc), for the weekly post's "new customer champions".</summary>
    Task<IReadOnlyList<TitleBadge>> ChampionsGranted(string teamId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken);

    /// <summary>Records the Champion of the Week for the ISO week starting <paramref name="weekStart"/>; idempotent per week.</summary>
    Task RecordChampionOfTheWeek(string teamId, string userId, DateOnly weekStart, CancellationToken cancellationToken);
}
