using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SlackChampionBot.Slack.SocketMode;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Features.Workspaces;
using SlackChampionBot.Persistence;

namespace SlackChampionBot.Hosting;

internal static class Health
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddBotHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<ReadinessReporter>();
        services.AddHealthChecks()
            .AddCheck<DatabaseReadinessCheck>("database", tags: [ReadyTag])
            .AddCheck<SlackReadinessCheck>("slack", tags: [ReadyTag])
            .AddCheck<UserGroupsReadinessCheck>("user_groups", tags: [ReadyTag]);
        return services;
    }

    /// <summary><c>/healthz</c>: the process is alive. <c>/readyz</c>: database migrated and reachable, Slack connected.</summary>
    public static WebApplication MapBotHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(ReadyTag),
            ResponseWriter = (context, report) =>
            {
                context.RequestServices.GetRequiredService<ReadinessReporter>().Record(report);
                return WriteJson(context, report);
            },
        });
        return app;
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}

internal sealed class DatabaseReadinessCheck(MigrationState migrations, BotDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!migrations.Applied)
        {
            return HealthCheckResult.Unhealthy(migrations.Error is null ? "migrations are being applied" : "migrations failed: see the log");
        }

        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy("database reachable, migrations applied")
            : HealthCheckResult.Unhealthy("database not reachable");
    }
}

/// <summary>
/// The followed user groups (HR, managers, teams) were synced since start-up: before that, roles would be answered
/// from no copy (a first start) or yesterday's, so the bot does not say it is ready.
/// </summary>
internal sealed class UserGroupsReadinessCheck(UserGroupSyncStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.FirstSyncDone ? HealthCheckResult.Healthy(status.Description) : HealthCheckResult.Unhealthy(status.Description));
}

/// <summary>Slack accepted the bot token (auth.test) and, in Socket Mode, at least one socket is connected.</summary>
internal sealed class SlackReadinessCheck(SlackConnection connection, SocketModeStatus socketMode, IOptions<SlackOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (connection.Status != SlackConnectionStatus.Connected)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(connection.Description));
        }

        if (options.Value.UseSocketMode && !socketMode.IsHealthy)
        {
            var why = socketMode.LastError ?? "connecting";
            return Task.FromResult(HealthCheckResult.Unhealthy(socketMode.IsFatal
                ? $"Socket Mode stopped: {why}; check Slack:AppLevelToken and that Socket Mode is enabled in the app settings"
                : $"Socket Mode not connected yet ({why})"));
        }

        var transport = options.Value.UseSocketMode ? $"; {socketMode.ConnectedSockets} Socket Mode connection(s)" : "; HTTP mode";
        return Task.FromResult(HealthCheckResult.Healthy(connection.Description + transport));
    }
}

/// <summary>
/// Logs what <c>/readyz</c> answers when it changes, instead of the health check service's own line per failing check
/// per probe (at Error, which a probe during start-up is not: its category is off in <see cref="DefaultSettings"/>).
/// Until the bot is first ready, "not ready yet" is Debug; becoming ready is Information; losing readiness afterwards is
/// a Warning, once per change, with the failing checks' reasons (and exceptions).
/// </summary>
internal sealed class ReadinessReporter(ILogger<ReadinessReporter> logger)
{
    private readonly Lock _lock = new();
    private bool _everReady;
    private HealthStatus? _last;

    public void Record(HealthReport report)
    {
        var ready = report.Status == HealthStatus.Healthy;
        bool changed;
        bool everReady;
        lock (_lock)
        {
            changed = _last != report.Status;
            everReady = _everReady;
            _last = report.Status;
            _everReady |= ready;
        }

        if (ready)
        {
            if (changed && everReady)
            {
                HostingLog.ReadyAgain(logger, Describe(report, _ => true));
            }
            else if (changed)
            {
                HostingLog.Ready(logger, Describe(report, _ => true));
            }

            return;
        }

        var failing = Describe(report, e => e.Status != HealthStatus.Healthy);
        var exception = report.Entries.Values.Select(e => e.Exception).FirstOrDefault(e => e is not null);
        if (!everReady)
        {
            HostingLog.NotReadyYet(logger, failing, exception);
        }
        else if (changed)
        {
            HostingLog.NoLongerReady(logger, failing, exception);
        }
    }

    private static string Describe(HealthReport report, Func<HealthReportEntry, bool> which) =>
        string.Join("; ", report.Entries.Where(e => which(e.Value)).Select(e => $"{e.Key}: {e.Value.Description ?? e.Value.Status.ToString()}"));
}
