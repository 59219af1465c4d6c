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

    /// <summary>
    /// Runs the app until it stops. A service still stopping when the budget runs out throws
    /// <see cref="OperationCanceledException"/> out of the host's stop (Hangfire's server does; several such services,
    /// an <see cref="AggregateException"/> of them): that is the budget doing its job, not a crash, so it ends in
    /// <see cref="Spent"/> on standard error and a normal return. The stopping token is taken before the run because
    /// <see cref="WebApplication.Lifetime"/> resolves from the service provider, which is disposed by the time the
    /// exception arrives (read there, it threw inside the filter and the exception went unhandled: exit code 134).
    /// </summary>
    public static async Task RunWithin(WebApplication app, TextWriter error)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        try
        {
            await app.RunAsync();
        }
        catch (Exception e) when (stopping.IsCancellationRequested && IsBudgetSpent(e))
        {
            await error.WriteLineAsync(Spent);
        }
    }

    // The host rethrows one service's exception as it is and several together as an AggregateException.
    private static bool IsBudgetSpent(Exception e) =>
        e is OperationCanceledException || (e is AggregateException all && all.Flatten().InnerExceptions.All(inner => inner is OperationCanceledException));
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
