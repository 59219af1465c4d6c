using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SlackChampionBot.Slack.SocketMode;
using SlackChampionBot.Features.Workspaces;
using SlackChampionBot.Persistence;

namespace SlackChampionBot.Hosting;

internal static class Health
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddBotHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseReadinessCheck>("database", tags: [ReadyTag])
            .AddCheck<SlackReadinessCheck>("slack", tags: [ReadyTag]);
        return services;
    }

    /// <summary><c>/healthz</c>: the process is alive. <c>/readyz</c>: database migrated and reachable, Slack connected.</summary>
    public static WebApplication MapBotHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteJson });
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
