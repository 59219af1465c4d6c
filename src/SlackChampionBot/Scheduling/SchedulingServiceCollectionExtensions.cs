using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Microsoft.Extensions.Options;

namespace SlackChampionBot.Scheduling;

internal static class SchedulingServiceCollectionExtensions
{
    public const string DashboardPath = "/hangfire";

    /// <summary>
    /// Hangfire with in-memory storage (no SQLite storage exists for Hangfire; the bot's database holds all durable
    /// state and every job is idempotent, so losing Hangfire's own state on restart loses nothing).
    /// </summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulingOptions>()
            .Bind(configuration.GetSection(SchedulingOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>();

        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseInMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromHours(6) }));

        // After the migration runner (registered by AddPersistence): the server starts once the schema is current.
        services.AddHostedService<RecurringJobRegistrar>();
        services.AddHangfireServer(options =>
        {
            options.WorkerCount = 2;
            options.ServerName = "champion-bot";
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

    /// <summary>The dashboard at /hangfire: loopback only, or basic auth when credentials are configured.</summary>
    public static WebApplication UseSchedulingDashboard(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SchedulingOptions>>().Value;
        app.UseHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new DashboardAuthorizationFilter(options)],
            DashboardTitle = "SlackChampionBot jobs",
            AppPath = null,
        });
        return app;
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

internal static partial class SchedulingLog
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Recurring job {JobId} scheduled at \"{Cron}\" ({TimeZone})")]
    public static partial void JobRegistered(ILogger logger, string jobId, string cron, string timeZone);
}
