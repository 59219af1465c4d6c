using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Persistence.Inbox;

namespace SlackChampionBot.Persistence;

internal static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// BotDbContext on the configured provider (SQLite by default, with WAL and a busy timeout; PostgreSQL with
    /// <c>Database:Provider=Postgres</c>), options validated at start, migrations applied first.
    /// </summary>
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
        // The provider decides the context type (each has its own migrations), so it is read here; a value the
        // validator refuses registers SQLite's, and start-up then stops with the validator's line.
        services.AddBotDbContext(DatabaseOptions.ProviderIn(configuration), (sp, builder) => Configure(builder, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.AddSingleton<MigrationState>();
        services.AddSlackEventInbox(configuration);

        // Registered before every other hosted service: hosted services start in registration order.
        services.AddHostedService<MigrationRunner>();
        return services;
    }

    /// <summary>
    /// BotDbContext as the bot registers it (scoped contexts, singleton options), resolved as the provider's own type:
    /// <see cref="PostgresBotDbContext"/> on PostgreSQL. The tests' databases register through this too.
    /// </summary>
    public static IServiceCollection AddBotDbContext(this IServiceCollection services, DatabaseProvider provider, Action<IServiceProvider, DbContextOptionsBuilder> configure) =>
        provider == DatabaseProvider.Postgres
            ? services.AddDbContext<BotDbContext, PostgresBotDbContext>(configure, ServiceLifetime.Scoped, ServiceLifetime.Singleton)
            : services.AddDbContext<BotDbContext>(configure, ServiceLifetime.Scoped, ServiceLifetime.Singleton);

    /// <summary>The provider's settings: SQLite's per-connection pragmas stay on the SQLite path.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, DatabaseOptions options) =>
        options.ParsedProvider switch
        {
            DatabaseProvider.Postgres => builder
                .UseNpgsql(options.ConnectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly))
                .AddInterceptors(new PostgresWriteLock()),
            _ => builder
                .UseSqlite(options.ConnectionString, sqlite => sqlite.MigrationsAssembly(MigrationsAssembly))
                .AddInterceptors(new SqliteConnectionSetup(options.BusyTimeoutMilliseconds)),
        };

    /// <summary>A context outside dependency injection (tools, tests): the provider's own type, as the host would resolve.</summary>
    public static BotDbContext CreateContext(DatabaseOptions options) => options.ParsedProvider switch
    {
        DatabaseProvider.Postgres => new PostgresBotDbContext((DbContextOptions<PostgresBotDbContext>)Configure(new DbContextOptionsBuilder<PostgresBotDbContext>(), options).Options),
        _ => new BotDbContext((DbContextOptions<BotDbContext>)Configure(new DbContextOptionsBuilder<BotDbContext>(), options).Options),
    };

    private static string MigrationsAssembly => typeof(BotDbContext).Assembly.GetName().Name!;
}
