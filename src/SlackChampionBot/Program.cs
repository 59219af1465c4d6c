using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Data;
using SlackChampionBot.Features.Leaderboards;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Features.Workspaces;
using SlackChampionBot.Hosting;
using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;

// Settings are read once at start-up (IOptions), so watching appsettings.json for changes buys nothing, and the
// watcher on the content root would wake for every write to a SQLite file kept there (the default location).
var builder = WebApplication.CreateBuilder([.. SandboxMode.WithoutSwitch(args), "--hostBuilder:reloadConfigOnChange=false"]);
builder.AddDefaultSettings();
builder.ListenForDashboard();
var sandboxRequested = SandboxMode.IsRequested(args, builder.Configuration);
if (sandboxRequested && SandboxMode.FindProblem(builder.Configuration) is { } sandboxProblem)
{
    await Console.Error.WriteLineAsync(sandboxProblem);
    return StartupValidation.ConfigurationErrorExitCode;
}

await using var sandbox = sandboxRequested ? await SandboxMode.Start(builder) : null;

builder.Services
    .AddShutdown(builder.Configuration)
    .AddPersistence(builder.Configuration)
    .AddScheduling(builder.Configuration)
    .AddHttpServerLimits(builder.Configuration)
    .AddSlack(builder.Configuration, slack => slack
        .RegisterWinsHandlers()
        .RegisterChampionsHandlers()
        .RegisterPulseHandlers()
        .RegisterLeaderboardHandlers())
    .AddWorkspaces()
    .AddPeople()
    .AddTeams()
    .AddStars(builder.Configuration)
    .AddWins(builder.Configuration)
    .AddChampions(builder.Configuration)
    .AddPulse(builder.Configuration)
    .AddLeaderboards(builder.Configuration)
    .AddData(builder.Configuration)
    .AddBotHealthChecks();

var app = builder.Build();

if (StartupValidation.FindProblem(app.Services) is { } problem)
{
    await Console.Error.WriteLineAsync(problem);
    return StartupValidation.ConfigurationErrorExitCode;
}

using var instanceLock = SqliteInstanceLock.Take(app.Services, out var instanceProblem); // one bot per SQLite file
if (instanceProblem is not null)
{
    await Console.Error.WriteLineAsync(instanceProblem);
    return StartupValidation.ConfigurationErrorExitCode;
}

app.UseSchedulingDashboard(); // first: the management listener serves the dashboard and nothing else
app.UseSlackNet();
app.MapBotHealthChecks();

if (sandbox is not null)
{
    SandboxMode.Announce(app, sandbox);
}

await ShutdownBudget.RunWithin(app, Console.Error);
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
