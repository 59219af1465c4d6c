using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Persistence.Inbox;

namespace SlackChampionBot.Persistence;

internal static class PersistenceServiceCollectionExtensions
{
    /// <summary>BotDbContext on SQLite (WAL, busy timeout), options validated at start, migrations applied first.</summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .Configure<IConfiguration>((options, config) =>
                options.ConnectionString = config.GetConnectionString(DatabaseOptions.ConnectionStringName) ?? DatabaseOptions.DefaultConnectionString)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        // The options are built once (they depend only on singleton settings), not per scope: every dispatched event
        // gets a scope, and rebuilding EF's options there cost more CPU than storing the event (see LoadTests).
        services.AddDbContext<BotDbContext>(
            (sp, builder) => Configure(builder, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value),
            contextLifetime: ServiceLifetime.Scoped,
            optionsLifetime: ServiceLifetime.Singleton);

        services.AddSingleton<MigrationState>();
        services.AddSlackEventInbox(configuration);

        // Registered before every other hosted service: hosted services start in registration order.
        services.AddHostedService<MigrationRunner>();
        return services;
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, DatabaseOptions options) =>
        builder
            .UseSqlite(options.ConnectionString, sqlite => sqlite.MigrationsAssembly(typeof(BotDbContext).Assembly.GetName().Name))
            .AddInterceptors(new SqliteConnectionSetup(options.BusyTimeoutMilliseconds));
}
