using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Leaderboards;

internal static class LeaderboardsFeature
{
    public const string WeeklyPostJobId = "weekly-leaderboard";

    /// <summary>League tables, /stars, App Home and the weekly post.</summary>
    public static IServiceCollection AddLeaderboards(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LeaderboardOptions>()
            .Bind(configuration.GetSection(LeaderboardOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LeaderboardOptions>, LeaderboardOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<StarTotals>();
        services.AddScoped<LeaderboardService>();
        services.AddScoped<WeeklyPostService>();

        // Until the Champions feature registers the real one: nobody holds a title.
        services.TryAddScoped<ITitleService, NoTitles>();
        services.AddRecurringJob<WeeklyLeaderboardJob>(WeeklyPostJobId, sp => sp.GetRequiredService<IOptions<LeaderboardOptions>>().Value.WeeklyPostCron);
        services.AddHostedService<WeeklyLeaderboardCatchUp>();
        return services;
    }

    public static SlackServiceConfiguration RegisterLeaderboardHandlers(this SlackServiceConfiguration slack) =>
        slack.RegisterSlashCommandHandler<LeaderboardCommand>(LeaderboardCommand.Command)
            .RegisterSlashCommandHandler<StarsCommand>(StarsCommand.Command)
            .RegisterEventHandler<AppHomeOpened, ShowHomeTab>();
}

/// <summary>Stands in for the Champions feature's title service until it is registered: no titles, nothing recorded.</summary>
internal sealed class NoTitles : ITitleService
{
    public Task<IReadOnlyDictionary<string, IReadOnlyList<TitleBadge>>> CurrentTitles(string teamId, IReadOnlyCollection<string> userIds, DateTime asOfUtc, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<TitleBadge>>>(new Dictionary<string, IReadOnlyList<TitleBadge>>());

    public Task<IReadOnlyList<TitleBadge>> ChampionsGranted(string teamId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TitleBadge>>([]);

    public Task RecordChampionOfTheWeek(string teamId, string userId, DateOnly weekStart, CancellationToken cancellationToken) => Task.CompletedTask;
}
