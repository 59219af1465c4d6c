using Microsoft.Extensions.Options;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Teams;

internal static class TeamsFeature
{
    public const string SyncJobId = "user-group-sync";

    /// <summary>
    /// User group membership (teams, managers, HR, audiences), synced at start-up and daily, and the roles built on it
    /// (<see cref="Roles"/>, whose groups are followed whichever feature uses them).
    /// </summary>
    public static IServiceCollection AddTeams(this IServiceCollection services)
    {
        services.AddScoped<UserGroupDirectory>();
        services.AddScoped<UserGroupStore>();
        services.AddSingleton<CompanyTeams>();
        services.AddScoped<TeamStars>();
        services.AddSingleton<UserGroupSyncStatus>();
        services.AddUserGroupSource(sp => sp.GetRequiredService<CompanyTeams>().GroupReferences);
        services.AddRecurringJob<UserGroupSync>(SyncJobId, sp => sp.GetRequiredService<IOptions<SchedulingOptions>>().Value.UserGroupSyncCron);
        services.AddHostedService<UserGroupStartupSync>();

        services.AddOptions<RolesOptions>().BindConfiguration(RolesOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RolesOptions>, RolesOptionsValidator>();
        services.AddSingleton<RoleRecheckGate>();
        services.AddScoped<Roles>();
        services.AddUserGroupSource(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            return Role.All.Select(r => r.GroupKey is null ? null : configuration[r.GroupKey]).OfType<string>();
        });
        return services;
    }

    /// <summary>Declares user groups a feature needs followed (read from its options at each sync).</summary>
    public static IServiceCollection AddUserGroupSource(this IServiceCollection services, Func<IServiceProvider, IEnumerable<string>> groups) =>
        services.AddSingleton(new UserGroupSource(groups));
}
