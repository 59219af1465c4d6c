using Microsoft.Extensions.Options;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Teams;

internal static class TeamsFeature
{
    public const string SyncJobId = "user-group-sync";

    /// <summary>User group membership (teams, managers, HR, audiences), synced at start-up and daily.</summary>
    public static IServiceCollection AddTeams(this IServiceCollection services)
    {
        services.AddScoped<UserGroupDirectory>();
        services.AddSingleton<CompanyTeams>();
        services.AddUserGroupSource(sp => sp.GetRequiredService<CompanyTeams>().GroupReferences);
        services.AddRecurringJob<UserGroupSync>(SyncJobId, sp => sp.GetRequiredService<IOptions<SchedulingOptions>>().Value.UserGroupSyncCron);
        services.AddHostedService<UserGroupStartupSync>();
        return services;
    }

    /// <summary>Declares user groups a feature needs followed (read from its options at each sync).</summary>
    public static IServiceCollection AddUserGroupSource(this IServiceCollection services, Func<IServiceProvider, IEnumerable<string>> groups) =>
        services.AddSingleton(new UserGroupSource(groups));
}
