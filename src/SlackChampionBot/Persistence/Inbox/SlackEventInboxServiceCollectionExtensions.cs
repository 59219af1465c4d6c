using Microsoft.Extensions.Options;
using SlackChampionBot.Scheduling;
using SlackChampionBot.Slack.Inbox;

namespace SlackChampionBot.Persistence.Inbox;

internal static class SlackEventInboxServiceCollectionExtensions
{
    /// <summary>
    /// The durable event inbox on the configured provider (SQLite's, or PostgreSQL's with <c>Database:Provider=Postgres</c>)
    /// in place of the adapter's in-memory one (order relative to AddSlackNet does not matter).
    /// </summary>
    public static IServiceCollection AddSlackEventInbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InboxOptions>().Bind(configuration.GetSection(InboxOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InboxOptions>, InboxOptionsValidator>();
        if (DatabaseOptions.ProviderIn(configuration) == DatabaseProvider.Postgres)
        {
            services.AddSingleton(sp => new PostgresSlackEventInbox(
                sp.GetRequiredService<IOptions<DatabaseOptions>>(),
                sp.GetRequiredService<IOptions<InboxOptions>>(),
                sp.GetRequiredService<ILogger<PostgresSlackEventInbox>>()));
            services.AddSingleton<ISlackEventInbox>(sp => sp.GetRequiredService<PostgresSlackEventInbox>());
        }
        else
        {
            services.AddSingleton(sp => new SqliteSlackEventInbox(
                sp.GetRequiredService<IOptions<DatabaseOptions>>(),
                sp.GetRequiredService<ILogger<SqliteSlackEventInbox>>(),
                sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<ISlackEventInbox>(sp => sp.GetRequiredService<SqliteSlackEventInbox>());
        }

        services.AddRecurringJob<InboxPruneJob>(InboxPruneJob.JobId, sp => sp.GetRequiredService<IOptions<SchedulingOptions>>().Value.InboxPruneCron);
        return services;
    }
}
