namespace SlackChampionBot.Features.Workspaces;

internal static class WorkspacesFeature
{
    /// <summary>The bot's identity in its workspace (auth.test) and the Slack side of readiness.</summary>
    public static IServiceCollection AddWorkspaces(this IServiceCollection services)
    {
        services.AddSingleton<SlackConnection>();
        services.AddHostedService<SlackConnectionMonitor>();
        return services;
    }
}
