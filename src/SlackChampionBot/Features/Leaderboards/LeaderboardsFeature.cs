using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
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
        services.AddScoped<WeeklyPostContentBuilder>();
        services.AddScoped<WeeklyPostService>();

        services.AddRecurringJob<WeeklyLeaderboardJob>(WeeklyPostJobId, sp => sp.GetRequiredService<IOptions<LeaderboardOptions>>().Value.WeeklyPostCron);
        services.AddStartupJob<WeeklyLeaderboardJob>(job => job.CatchUp(CancellationToken.None));
        return services;
    }

    public static ServiceCollectionSlackServiceConfiguration RegisterLeaderboardHandlers(this ServiceCollectionSlackServiceConfiguration slack) =>
        slack.RegisterSlashCommandHandler<LeaderboardCommand>(LeaderboardCommand.Command)
            .RegisterSlashCommandHandler<StarsCommand>(StarsCommand.Command)
            .RegisterEventHandler<AppHomeOpened, ShowHomeTab>();
}
