using Microsoft.Extensions.Options;

namespace SlackChampionBot.Hosting;

/// <summary>
/// The <c>Hosting</c> section: how long a stop (SIGTERM, Ctrl+C) may take. On a stop the bot takes no new events from
/// the inbox, Web API calls still waiting for their turn give up, handlers already running get until the budget runs
/// out, and whatever is not done by then stays pending in the inbox for the next start (README, "Stopping").
/// </summary>
internal sealed class HostingOptions
{
    public const string SectionName = "Hosting";

    public const int MaxShutdownSeconds = 300;

    /// <summary>The whole stop's budget: the dispatcher, the HTTP server, the scheduler and the database together.</summary>
    public int ShutdownSeconds { get; set; } = 5;
}

internal sealed class HostingOptionsValidator : IValidateOptions<HostingOptions>
{
    public ValidateOptionsResult Validate(string? name, HostingOptions options) =>
        options.ShutdownSeconds is < 1 or > HostingOptions.MaxShutdownSeconds
            ? ValidateOptionsResult.Fail(ConfigurationProblem.Malformed("Hosting:ShutdownSeconds", $"use a whole number of seconds from 1 to {HostingOptions.MaxShutdownSeconds}, how long a stop may take (default 5)"))
            : ValidateOptionsResult.Success;
}

internal static class ShutdownBudget
{
    /// <summary>The one line the process writes when it stops because the budget ran out (the host's logging is gone by then).</summary>
    public const string Spent = "Stopped when Hosting:ShutdownSeconds ran out, before every service had finished; unfinished events stay pending and run at the next start";
}

internal static class Shutdown
{
    /// <summary>The stop budget from <c>Hosting:ShutdownSeconds</c> (validated at start-up) as the host's shutdown timeout.</summary>
    public static IServiceCollection AddShutdown(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HostingOptions>().Bind(configuration.GetSection(HostingOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HostingOptions>, HostingOptionsValidator>();
        services.AddOptions<HostOptions>().Configure<IOptions<HostingOptions>>((host, hosting) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(Math.Clamp(hosting.Value.ShutdownSeconds, 1, HostingOptions.MaxShutdownSeconds)));
        return services;
    }
}
