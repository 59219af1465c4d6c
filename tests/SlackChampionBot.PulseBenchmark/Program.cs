using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Features.Workspaces;
using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;
using SlackChampionBot.Slack;

// Usage: dotnet run -c Release --project tests/SlackChampionBot.PulseBenchmark -- [recipients=5000] [scale=60]
// Slack's published limits (the fake's simulation, the client's pacing and the pulse's own DmsPerMinute and
// CloseUpdatesPerMinute) are all multiplied by `scale`, so that 5,000 DMs (conversations.open is Tier 3, ~50/min)
// finish in minutes, not hours. After the fan-out: 80% answer, the rest get the reminder, then the close (one
// transaction, timed unscaled) and the DM clean-up (chat.update and chat.delete, Tier 3) run as the pulse tick runs them.
var recipients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
var scale = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 60;
const string channel = "C0AUDIENCE";

await using var fake = await FakeSlackWebApi.StartAsync();
var limits = new FakeSlackRateLimits();
foreach (var key in limits.PerMinute.Keys.ToList())
{
    limits.PerMinute[key] = (int)Math.Round(limits.PerMinute[key] * scale);
}

limits.DefaultPerMinute = (int)Math.Round(limits.DefaultPerMinute * scale);
limits.PostMessagePerChannelPerSecond *= scale;
fake.EnableRateLimitSimulation(limits);

var people = Enumerable.Range(1, recipients).Select(i => $"U{i:D6}").ToList();
foreach (var id in people)
{
    fake.AddUser(id, id.ToLowerInvariant());
}

fake.SetChannelMembers(channel, people);

var folder = Path.Combine(Path.GetTempPath(), "pulse-benchmark-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
var databaseFile = Path.Combine(folder, "bench.db");
await using var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=false");
await connection.OpenAsync();
await using (var pragma = connection.CreateCommand())
{
    pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;";
    await pragma.ExecuteNonQueryAsync();
}

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Pulse:Audience"] = channel,
    ["Pulse:Hr:0"] = "UHR0001",
    ["Pulse:DmsPerMinute"] = (50 * scale).ToString(CultureInfo.InvariantCulture),
    ["Pulse:CloseUpdatesPerMinute"] = (40 * scale).ToString(CultureInfo.InvariantCulture),
}).Build();

var services = new ServiceCollection();
services.AddLogging(l => l.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
services.AddSingleton<IConfiguration>(configuration);
services.AddSingleton(TimeProvider.System);
services.AddDbContext<BotDbContext>(o => o.UseSqlite(connection));
services.AddOptions<SchedulingOptions>();
services.AddSlackNet(c => c
    .UseApiToken("xoxb-benchmark-token")
    .UseApiBaseUrl(_ => fake.BaseUrl)
    .UseSocketMode(false)
    .UseSigningSecret("benchmark-signing-secret-0123456789")
    .Configure((o, _) =>
    {
        foreach (var limit in new[] { o.Pacing.Tier1, o.Pacing.Tier2, o.Pacing.Tier3, o.Pacing.Tier4, o.Pacing.Special, o.Pacing.PostMessagePerChannel, o.Pacing.PostMessageWorkspace })
        {
            limit.PerMinute *= scale;
        }
    }));
var slackConnection = new SlackConnection();
slackConnection.MarkConnected(new BotIdentity(FakeSlackWebApi.TeamId, FakeSlackWebApi.BotUserId, FakeSlackWebApi.BotId, "Bench"), DateTimeOffset.UtcNow);
services.AddSingleton(slackConnection);
services.AddPeople();
services.AddTeams();
services.AddPulse(configuration);
await using var provider = services.BuildServiceProvider();

await using (var scope = provider.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<BotDbContext>().Database.MigrateAsync();
}

var total = Stopwatch.StartNew();
PulseSurvey survey;
await using (var scope = provider.CreateAsyncScope())
{
    var sp = scope.ServiceProvider;
    survey = (await sp.GetRequiredService<PulseService>().OpenIfDue(FakeSlackWebApi.TeamId, force: true, CancellationToken.None))!;
    var audience = await sp.GetRequiredService<PulseAudience>().Resolve(FakeSlackWebApi.TeamId, FakeSlackWebApi.BotUserId, CancellationToken.None);
    await sp.GetRequiredService<PulseService>().RecordAudience(survey, audience, CancellationToken.None);
}

var resolve = total.Elapsed;
var fanOut = Stopwatch.StartNew();
await using (var scope = provider.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<PulseSender>().SendPending(survey, CancellationToken.None);
}

fanOut.Stop();

var posts = fake.Calls("chat.postMessage").Where(c => c.StatusCode == 200).ToList();
var duplicates = posts.GroupBy(c => c.Arg("channel")).Sum(g => g.Count() - 1);
var opened = fake.Calls("conversations.open").Count(c => c.StatusCode == 200);
var opensPerMinute = 50 * scale;
var burst = 10; // the fake's Tier 3 bucket starts full
var minimum = TimeSpan.FromMinutes(Math.Max(0, recipients - burst) / opensPerMinute);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Pulse fan-out benchmark: {recipients} recipients, limits scaled x{scale} (conversations.open {opensPerMinute}/min, Tier 3 = 50/min x{scale})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  audience resolution (conversations.members + users.list + cache): {resolve.TotalSeconds:0.0} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  fan-out: {fanOut.Elapsed.TotalSeconds:0.0} s against a limit-bound minimum of {minimum.TotalSeconds:0.0} s ({fanOut.Elapsed / minimum:0.00}x)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  unscaled equivalent: ~{fanOut.Elapsed.TotalMinutes * scale:0} min (minimum {minimum.TotalMinutes * scale:0} min)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  DMs delivered: {posts.Count}, conversations.open: {opened}, HTTP 429s received: {fake.RateLimitedResponses}, duplicate DMs: {duplicates}"));

// Answers (recorded as the answer handler records them), the reminder, then close and clean-up.
var answered = people.Where((_, i) => i % 5 != 0).ToList();
var answering = Stopwatch.StartNew();
await using (var scope = provider.CreateAsyncScope())
{
    var pulse = scope.ServiceProvider.GetRequiredService<PulseService>();
    foreach (var (id, i) in answered.Select((id, i) => (id, i)))
    {
        await pulse.Answer(FakeSlackWebApi.TeamId, id, fake.DmChannelId(id), survey.Id, 0, 1 + (i % 5), CancellationToken.None);
    }
}

answering.Stop();
await using (var scope = provider.CreateAsyncScope())
{
    var fresh = await scope.ServiceProvider.GetRequiredService<BotDbContext>().Set<PulseSurvey>().AsNoTracking().SingleAsync(s => s.Id == survey.Id);
    await scope.ServiceProvider.GetRequiredService<PulseSender>().SendReminders(fresh, CancellationToken.None);
}

var reminders = fake.Calls("chat.postMessage").Count(c => c.StatusCode == 200) - posts.Count;
var closing = Stopwatch.StartNew();
await using (var scope = provider.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<PulseService>().Close(survey.Id, CancellationToken.None);
}

var closeTransaction = closing.Elapsed;
var cleanUp = Stopwatch.StartNew();
var runs = 0;
while (true)
{
    runs++;
    await using var scope = provider.CreateAsyncScope();
    if (await scope.ServiceProvider.GetRequiredService<PulseCloser>().CleanUp(survey.Id, CancellationToken.None))
    {
        break;
    }
}

cleanUp.Stop();
var closedDms = fake.CurrentMessages().Count(m => m.Text == PulseBlocks.ClosedText);
var deleted = fake.PersistentHistory().Count(v => v.Change == FakeSlackMessageChange.Deleted);
int rowsLeft;
await using (var scope = provider.CreateAsyncScope())
{
    rowsLeft = await scope.ServiceProvider.GetRequiredService<BotDbContext>().Set<PulseDelivery>().CountAsync();
}

var walBytes = File.Exists(databaseFile + "-wal") ? new FileInfo(databaseFile + "-wal").Length : 0;
var updatesPerMinute = 40 * scale;
var cleanUpMinimum = TimeSpan.FromMinutes(Math.Max(0, recipients - 1) / updatesPerMinute);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Close of the same survey: {answered.Count} answered (first statement), {reminders} reminders"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {answered.Count} answers recorded in {answering.Elapsed.TotalSeconds:0.0} s ({answering.Elapsed.TotalMilliseconds / answered.Count:0.00} ms each, unscaled)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  closing transaction (teams, suppression, re-insert, deletes, salt): {closeTransaction.TotalSeconds:0.00} s (unscaled)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  DM clean-up: {cleanUp.Elapsed.TotalSeconds:0.0} s in {runs} run(s) against a pacing-bound minimum of {cleanUpMinimum.TotalSeconds:0.0} s ({cleanUp.Elapsed / cleanUpMinimum:0.00}x); unscaled ~{cleanUp.Elapsed.TotalMinutes * scale:0} min"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  DMs now closed: {closedDms}, reminders deleted: {deleted}, delivery rows left: {rowsLeft}, WAL after the last checkpoint: {walBytes} bytes, HTTP 429s in all: {fake.RateLimitedResponses}"));

SqliteConnection.ClearAllPools();
await connection.CloseAsync();
try
{
    Directory.Delete(folder, recursive: true);
}
catch (IOException)
{
}

return duplicates == 0 && posts.Count == recipients && closedDms == recipients && deleted == reminders && rowsLeft == 0 ? 0 : 1;
