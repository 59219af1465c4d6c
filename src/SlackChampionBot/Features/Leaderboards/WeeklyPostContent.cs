using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Wins;

namespace SlackChampionBot.Features.Leaderboards;

internal sealed record Climber(string UserId, int Rank, int? PreviousRank, int PlacesGained);

internal sealed record WinOfTheWeek(long WinId, string PosterId, string Text, string? Customer, string? Permalink, int Cheerers);

internal sealed record WeeklyPostContent(
    Period Week,
    DateTime CutoffUtc,
    IReadOnlyList<Standing> Top,
    Standing? Champion,
    IReadOnlyList<Climber> Climbers,
    IReadOnlyList<TitleBadge> NewChampions,
    WinOfTheWeek? WinOfTheWeek,
    int WinCount,
    IReadOnlyList<KeyValuePair<LifecycleStage?, int>> WinsByStage,
    IReadOnlyList<KeyValuePair<ExperienceKind?, int>> WinsByExperience,
    IReadOnlyDictionary<string, string> Names,
    IReadOnlyDictionary<string, IReadOnlyList<TitleBadge>> Titles);
