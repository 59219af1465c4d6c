using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
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

        // Before AddHangfire, which only adds Hangfire's global filters when none are registered: how the bot's jobs
        // fail, one place for the client, the recurring manager and the server of this host.
        services.AddSingleton<BotJobFilters>();
        services.AddSingleton<IJobFilterProvider>(sp => sp.GetRequiredService<BotJobFilters>());
        services.AddSingleton<IBackgroundJobs, HangfireBackgroundJobs>();

        var onPostgres = DatabaseOptions.ProviderIn(configuration) == DatabaseProvider.Postgres;
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);

        // This host's own storage and job activator, registered before AddHangfire so that its defaults
        // (JobStorage.Current, JobActivator.Current) are not used: those are process-wide, and where two hosts start
        // in one process (the tests) one could run the other's jobs in the other's container and database.
        services.AddSingleton<JobStorage>(_ => onPostgres && !string.IsNullOrWhiteSpace(connectionString)
            ? PostgresStorage(connectionString)
            // SQLite (or a Postgres setting without a connection string, which start-up refuses anyway).
            : new InMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromHours(6) }));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>())));

        // The dashboard's POSTs (trigger, delete, requeue) need Hangfire's anti-forgery token, so a cross-site form
        // cannot drive them with a browser's saved credentials or from a page on the same machine.
        services.AddAntiforgery();

        // Those tokens are the only thing the bot protects with data protection, and they only need to outlive the
        // dashboard page they were issued to: keys in memory (a restart means reloading the page) instead of a key
        // ring written unencrypted to the home folder, with two warnings at first use.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();

        // After the migration runner (registered by AddPersistence): the server starts once the schema is current.
        services.AddHostedService<JobRegistrar>();
        services.AddHangfireServer(options =>
        {
            // Every background job runs here: the recurring ones and what commands hand off. Two long ones (a pulse
            // fan-out or close paced to Slack's limits, the weekly post waiting out a 429) leave three workers for an
            // export or a nomination's notices, which would otherwise wait behind them.
            options.WorkerCount = 5;
            // Which instance a server on the dashboard is, where several share PostgreSQL (Hangfire adds a unique id).
            options.ServerName = $"champion-bot {Environment.MachineName} pid {Environment.ProcessId}";
            options.SchedulePollingInterval = TimeSpan.FromSeconds(5);
        });
        return services;
    }

    private static PostgreSqlStorage PostgresStorage(string connectionString)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = HangfireSchema,
            PrepareSchemaIfNecessary = true,
            // A long job (the weekly post waiting out a rate limit) is not handed to a second worker while its server
            // is alive: the fetched job's lease is renewed as it runs.
            UseSlidingInvisibilityTimeout = true,
            QueuePollInterval = TimeSpan.FromSeconds(1),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>
    /// Adds a recurring job whose cron is read from options when the host starts; with <paramref name="runAtStartup"/>
    /// it also runs once as the host starts.
    /// </summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id, Func<IServiceProvider, string> cron, bool runAtStartup = false)
        where TJob : class, IScheduledJob
    {
        services.AddScoped<TJob>();
        services.AddSingleton(new RecurringJobDefinition(id, typeof(TJob), cron, runAtStartup));
        return services;
    }

    /// <summary>Enqueues <paramref name="call"/> as a one-off job each time the host starts (see <see cref="IBackgroundJobs"/>).</summary>
    public static IServiceCollection AddStartupJob<TService>(this IServiceCollection services, System.Linq.Expressions.Expression<Func<TService, Task>> call)
        where TService : notnull =>
        services.AddSingleton(new StartupJob(jobs => jobs.Enqueue(call)));

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

/// <summary>
/// As the host starts: registers every feature's recurring job with Hangfire, in the company time zone, then runs those
/// that run at start-up and enqueues the start-up jobs.
/// </summary>
internal sealed class JobRegistrar(
    IEnumerable<RecurringJobDefinition> definitions,
    IEnumerable<StartupJob> startupJobs,
    IRecurringJobManager manager,
    IBackgroundJobs jobs,
    IOptions<SchedulingOptions> options,
    IServiceProvider services,
    ILogger<JobRegistrar> logger) : IHostedService
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

        foreach (var definition in definitions.Where(d => d.RunAtStartup))
        {
            manager.Trigger(definition.Id);
        }

        foreach (var startup in startupJobs)
        {
            startup.Enqueue(jobs);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
