using System.Net;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Leaderboards;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Features.Workspaces;
using SlackChampionBot.Sandbox;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Hosting;

/// <summary>
/// <c>--sandbox</c> (or <c>Slack:Sandbox=true</c>): the real host against a local Slack in the browser. The host
/// starts the emulator, takes its settings (tokens, API address, Socket Mode, the seeded company's channels and
/// groups, its own <c>sandbox.db</c>) over everything else, and uses the sandbox's clock as its
/// <see cref="TimeProvider"/>. The features do not know: they see Slack.
/// </summary>
internal static class SandboxMode
{
    public const string Switch = "--sandbox";
    public const string SettingKey = "Slack:Sandbox";
    public const string UrlKey = "Sandbox:Url";
    public const string DatabaseFile = "sandbox.db";
    public const string StartCommand = "dotnet run --project src/SlackChampionBot -- --sandbox";

    /// <summary>The arguments without the switch (the command-line configuration would read it as a key wanting a value).</summary>
    public static string[] WithoutSwitch(string[] args) => [.. args.Where(a => !string.Equals(a, Switch, StringComparison.OrdinalIgnoreCase))];

    public static bool IsRequested(string[] args, IConfiguration configuration) =>
        args.Any(a => string.Equals(a, Switch, StringComparison.OrdinalIgnoreCase)) || configuration.GetValue<bool>(SettingKey);

    /// <summary>
    /// The one line that stops start-up when <c>Sandbox:Url</c> is not a loopback http address, otherwise null. The
    /// page lets whoever opens it act as anyone in the seeded company, HR included, and shows what they typed: it is
    /// for the machine it runs on, never for the network (the same rule as the jobs dashboard's management port).
    /// </summary>
    public static string? FindProblem(IConfiguration configuration)
    {
        var value = configuration[UrlKey];
        if (value is null)
        {
            return null;
        }

        var loopback = Uri.TryCreate(value, UriKind.Absolute, out var url)
            && url.Scheme == Uri.UriSchemeHttp
            && (string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)));
        return loopback
            ? null
            : ConfigurationProblem.Malformed(UrlKey, "use a loopback http address such as http://localhost:5080 (the sandbox page lets anyone who opens it act as anyone, HR included)");
    }

    /// <summary>Starts the emulator and its page, and points the host at them.</summary>
    public static async Task<SandboxSlack> Start(WebApplicationBuilder builder)
    {
        var clock = new SandboxClock();
        var sandbox = await SandboxSlack.StartAsync(builder.Configuration[UrlKey] ?? SandboxSlack.DefaultUrl, clock);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(sandbox.BotSettings)
        {
            // Always its own SQLite file, whatever database the real bot is configured for: the sandbox's made-up
            // people and stars never reach a real workspace's data.
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:ChampionBot"] = $"Data Source={DatabaseFile}",
        });
        if (builder.Configuration["Logging:Console:FormatterName"] == "json" && builder.Configuration["Logging:LogLevel:Default"] == "Information")
        {
            // Untouched logging defaults: a visitor reads the console, so warnings only, as plain lines.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Logging:Console:FormatterName"] = "simple",
                ["Logging:LogLevel:Default"] = "Warning",
            });
        }
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            // The bot's own listener (health checks) takes any free loopback port: the page is what a visitor opens.
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }

        builder.Services.AddSingleton(sandbox);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<ISandboxTimeTravel, SandboxTimeTravel>();
        return sandbox;
    }

    /// <summary>Hands the page its time travel and says where the page is.</summary>
    public static void Announce(WebApplication app, SandboxSlack sandbox)
    {
        sandbox.TimeTravel = app.Services.GetRequiredService<ISandboxTimeTravel>();
        Console.WriteLine($"Sandbox: open {sandbox.PageUrl} in your browser (a local Slack with a seeded company; data in {DatabaseFile}; Ctrl+C stops).");
    }
}

/// <summary>
/// The page's time travel. A jump moves the sandbox clock and then runs, once, each recurring job that fell due
/// during the jump (the scheduler's timers run in real time and would not notice). The pulse buttons open and close a
/// survey through the same paths as <c>/pulse send-now</c> and <c>/pulse close</c>.
/// </summary>
internal sealed class SandboxTimeTravel(
    IServiceScopeFactory scopes,
    IServiceProvider services,
    SandboxClock clock,
    IEnumerable<RecurringJobDefinition> jobs,
    IOptions<SchedulingOptions> scheduling,
    IOptions<LeaderboardOptions> leaderboards,
    SlackConnection connection,
    ILogger<SandboxTimeTravel> logger) : ISandboxTimeTravel
{
    public async Task<string> Run(string action, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return action switch
        {
            "friday" => await JumpTo(NextWeeklyPost(now), cancellationToken),
            "next-day" => await JumpTo(now.AddDays(1), cancellationToken),
            "open-pulse" => await OpenPulse(cancellationToken),
            "close-pulse" => await ClosePulse(cancellationToken),
            _ => "Unknown action.",
        };
    }

    private DateTimeOffset NextWeeklyPost(DateTimeOffset now) =>
        CronSchedule.Occurrences(leaderboards.Value.WeeklyPostCron, scheduling.Value.TimeZoneInfo, now.UtcDateTime.AddSeconds(1), now.UtcDateTime.AddDays(8))
            .Select(d => new DateTimeOffset(d, TimeSpan.Zero))
            .First();

    private async Task<string> JumpTo(DateTimeOffset to, CancellationToken cancellationToken)
    {
        var from = clock.JumpTo(to);
        var ran = new List<string>();
        foreach (var job in jobs)
        {
            if (!CronSchedule.Occurrences(job.Cron(services), scheduling.Value.TimeZoneInfo, from.UtcDateTime.AddTicks(1), to.UtcDateTime).Any())
            {
                continue;
            }

            await using var scope = scopes.CreateAsyncScope();
            try
            {
                await ((IScheduledJob)scope.ServiceProvider.GetRequiredService(job.JobType)).Run(cancellationToken);
                ran.Add(job.Id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                HostingLog.SandboxJobFailed(logger, job.Id, ex);
            }
        }

        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), scheduling.Value.TimeZoneInfo);
        return $"It is now {local:dddd d MMMM, HH:mm}." + (ran.Count == 0 ? string.Empty : $" Ran what fell due: {string.Join(", ", ran)}.");
    }

    private async Task<string> OpenPulse(CancellationToken cancellationToken)
    {
        var identity = await connection.WaitForIdentity(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var (survey, opened) = await scope.ServiceProvider.GetRequiredService<PulseService>().OpenNow(identity.TeamId, cancellationToken);
        if (opened)
        {
            // The DMs go out paced, like the scheduled tick; the page shows them as they arrive.
            _ = Task.Run(() => InScope<PulseTickJob>(tick => tick.RunNow(CancellationToken.None), "pulse-tick"), CancellationToken.None);
        }

        return (opened ? "A pulse survey opened: everyone gets a DM." : "A pulse survey is already open.") + $" It closes {Local(survey.ClosesAt):dddd d MMMM, HH:mm}.";
    }

    private async Task<string> ClosePulse(CancellationToken cancellationToken)
    {
        var identity = await connection.WaitForIdentity(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<PulseService>().OpenSurvey(identity.TeamId, cancellationToken) is not { } open)
        {
            return "No pulse survey is open.";
        }

        // The closing transaction first, so the results are there when this returns; the DMs are tidied paced.
        var closer = scope.ServiceProvider.GetRequiredService<PulseCloser>();
        await scope.ServiceProvider.GetRequiredService<PulseService>().Close(open.Id, cancellationToken);
        await closer.Checkpoint(cancellationToken);
        _ = Task.Run(() => InScope<PulseCloser>(c => c.CleanUp(open.Id, CancellationToken.None), "pulse-clean-up"), CancellationToken.None);
        return "The pulse survey closed: HR can read the results with /pulse results.";
    }

    private async Task InScope<T>(Func<T, Task> work, string what)
        where T : notnull
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await work(scope.ServiceProvider.GetRequiredService<T>());
        }
        catch (Exception ex)
        {
            HostingLog.SandboxJobFailed(logger, what, ex);
        }
    }

    private DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), scheduling.Value.TimeZoneInfo);
}
