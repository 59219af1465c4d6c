using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SlackChampionBot.Slack.WebApi;

internal static class SlackWebApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISlackApiClient"/> (a singleton, so the pacing buckets and 429 pauses are shared by every
    /// caller), its families (so a handler can take <see cref="IChatApi"/> alone), and the named HttpClient it sends with.
    /// </summary>
    public static IServiceCollection AddSlackWebApi(this IServiceCollection services)
    {
        // Timeouts are per attempt and go through TimeProvider; the HttpClient's own timeout stays out of the way.
        services.AddHttpClient(SlackApiTransport.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISlackApiClient, SlackApiClient>();
        services.TryAddSingleton(sp => sp.GetRequiredService<ISlackApiClient>().Auth);
        services.TryAddSingleton(sp => sp.GetRequiredService<ISlackApiClient>().Chat);
        services.TryAddSingleton(sp => sp.GetRequiredService<ISlackApiClient>().Conversations);
        services.TryAddSingleton(sp => sp.GetRequiredService<ISlackApiClient>().Reactions);
        services.TryAddSingleton(sp => sp.GetRequiredService<ISlackApiClient>().Users);
        services.TryAddSingleton(sp => sp.GetRequiredService<ISlackApiClient>().UserGroups);
        services.TryAddSingleton(sp => sp.GetRequiredService<ISlackApiClient>().UserGroupUsers);
        services.TryAddSingleton(sp => sp.GetRequiredService<ISlackApiClient>().Views);
        services.TryAddSingleton(sp => sp.GetRequiredService<ISlackApiClient>().Files);
        services.TryAddSingleton(sp => sp.GetRequiredService<ISlackApiClient>().AppsConnectionsApi);
        return services;
    }
}
