using Microsoft.Extensions.Configuration.Memory;

namespace SlackChampionBot.Hosting;

internal static class DefaultSettings
{
    /// <summary>
    /// Logging defaults, added as the lowest-priority configuration source so that appsettings.json and environment
    /// variables still override them. Logs are structured JSON on the console.
    /// </summary>
    public static WebApplicationBuilder AddDefaultSettings(this WebApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
                // The health check service logs every failing check of every probe at Error, start-up included;
                // ReadinessReporter says when readiness changes instead.
                ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "None",
                // IHttpClientFactory's own request logging: four Information lines per Slack call. The Web API
                // client logs retries, rate limits and failures itself.
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
                ["Logging:LogLevel:Hangfire"] = "Warning",
                ["Logging:Console:FormatterName"] = "json",
                ["Logging:Console:FormatterOptions:TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffZ",
                ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
                ["AllowedHosts"] = "*",
            },
        });
        return builder;
    }
}
