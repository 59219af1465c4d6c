using SlackChampionBot.Slack.Inbox;

namespace SlackChampionBot.Persistence.Inbox;

internal static class SlackEventInboxServiceCollectionExtensions
{
    /// <summary>The durable SQLite event inbox in place of the adapter's in-memory one (order relative to AddSlackNet does not matter).</summary>
    public static IServiceCollection AddSlackEventInbox(this IServiceCollection services)
    {
        services.AddSingleton<SqliteSlackEventInbox>();
        services.AddSingleton<ISlackEventInbox>(sp => sp.GetRequiredService<SqliteSlackEventInbox>());
        return services;
    }
}
