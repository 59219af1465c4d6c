using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using SlackChampionBot.Persistence;

namespace SlackChampionBot.Scheduling;

internal static class SchedulingServiceCollectionExtensions
{
    public const string DashboardPath = "/hangfire";

    /// <summary>Where Hangfire.PostgreSql keeps its tables, beside the bot's (which are in <c>public</c>).</summary>
    public const string HangfireSchema = "hangfire";

    /// <summary>
    /// Hangfire's storage follows the bot's database.
    /// <para>
    /// On PostgreSQL it is Hangfire.PostgreSql, in the schema <c>hangfire</c> of the bot's own database: every instance
    /// sees the same recurring jobs and queues, the scheduler's distributed lock lets one instance start each
    /// occurrence, a job is fetched by one worker (and handed to another only if that one's server stops heartbeating),
    /// and the dashboard lists every instance's server.
    /// </para>
    /// <para>
    /// On SQLite it stays in memory. One process runs per SQLite file (<see cref="SqliteInstanceLock"/>), the bot's
    /// database holds all durable state, and every job is idempotent and re-derives what is due from that state, so
    /// Hangfire's own state has nothing to outlive a restart for. Hangfire.Storage.SQLite (0.4.3) was weighed and not
    /// taken: it would add a second writer to the one-writer SQLite file the event inbox is tuned around (or a second
    /// file to back up), for no behaviour the tests could observe.
    /// </para>
    /// </summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulingOptions>()
            .Bind(configuration.GetSection(SchedulingOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>();

        var onPostgres = DatabaseOptions.ProviderIn(configuration) == DatabaseProvider.Postgres;
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        services.AddHangfire(config =>
        {
            config
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (onPostgres && !string.IsNullOrWhiteSpace(connectionString))
            {
                config.UsePostgreSqlStorage(
                    npgsql => npgsql.UseNpgsqlConnection(connectionString),
                    new PostgreSqlStorageOptions
                    {
                        SchemaName = HangfireSchema,
                        PrepareSchemaIfNecessary = true,
                        // A long job (the weekly post waiting out a rate limit) is not handed to a second worker
                        // while its server is alive: the fetched job's lease is renewed as it runs.
                        UseSlidingInvisibilityTimeout = true,
                        QueuePollInterval = TimeSpan.FromSeconds(1),
                    });
            }
            else
            {
                // SQLite (or a Postgres setting without a connection string, which start-up refuses anyway).
                config.UseInMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromHours(6) });
            }
        });

        // The dashboard's POSTs (trigger, delete, requeue) need Hangfire's anti-forgery token, so a cross-site form
        // cannot drive them with a browser's saved credentials or from a page on the same machine.
        services.AddAntiforgery();

        // Those tokens are the only thing the bot protects with data protection, and they only need to outlive the
        // dashboard page they were issued to: keys in memory (a restart means reloading the page) instead of a key
        // ring written unencrypted to the home folder, with two warnings at first use.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();

        // After the migration runner (registered by AddPersistence): the server starts once the schema is current.
        services.AddHostedService<RecurringJobRegistrar>();
        services.AddHangfireServer(options =>
        {
            options.WorkerCount = 2;
            // Which instance a server on the dashboard is, where several share PostgreSQL (Hangfire adds a unique id).
            options.ServerName = $"champion-bot {Environment.MachineName} pid {Environment.ProcessId}";
            options.SchedulePollingInterval = TimeSpan.FromSeconds(5);
        });
        return services;
    }

    /// <summary>Adds a recurring job whose cron is read from options when the host starts.</summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id, Func<IServiceProvider, string> cron)
        where TJob : class, IScheduledJob
    {
        services.AddScoped<TJob>();
        services.AddSingleton(new RecurringJobDefinition(id, typeof(TJob), cron));
        return services;
    }

    /// <summary>
    /// The dashboard at /hangfire: on the loopback management listener only when <c>Scheduling:DashboardPort</c> is
    /// set (the public port then answers 404, and the management port serves nothing else), otherwise everywhere
    /// behind basic auth when credentials are set, otherwise not at all.
    /// </summary>
    public static WebApplication UseSchedulingDashboard(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SchedulingOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardAuthorizationFilter));
        var dashboard = new DashboardOptions
        {
            Authorization = [new DashboardAuthorizationFilter(options)],
            DashboardTitle = "SlackChampionBot jobs",
            AppPath = null,
        };

        if (options.DashboardPort is { } port)
        {
            app.MapWhen(
                context => DashboardListener.IsManagementConnection(context.Connection, port),
                management => management.UseHangfireDashboard(DashboardPath, dashboard).Run(NotFound));
            SchedulingLog.DashboardOnManagementPort(logger, port, DashboardPath, options.DashboardCredentialsSet ? " and basic auth" : string.Empty);
        }
        else if (options.DashboardCredentialsSet)
        {
            app.UseHangfireDashboard(DashboardPath, dashboard);
            SchedulingLog.DashboardWithCredentials(logger, DashboardPath);
        }
        else
        {
            SchedulingLog.DashboardOff(logger);
        }

        return app;
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}

/// <summary>Registers every feature's recurring job with Hangfire, in the company time zone.</summary>
internal sealed class RecurringJobRegistrar(
    IEnumerable<RecurringJobDefinition> definitions,
    IRecurringJobManager manager,
    IOptions<SchedulingOptions> options,
    IServiceProvider services,
    ILogger<RecurringJobRegistrar> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var timeZone = options.Value.TimeZoneInfo;
        foreach (var definition in definitions)
        {
            var cron = definition.Cron(services);
            var method = definition.JobType.GetMethod(nameof(IScheduledJob.Run), [typeof(CancellationToken)])!;
            var job = new Job(definition.JobType, method, CancellationToken.None);
            manager.AddOrUpdate(definition.Id, job, cron, new RecurringJobOptions { TimeZone = timeZone });
            SchedulingLog.JobRegistered(logger, definition.Id, cron, timeZone.Id);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
