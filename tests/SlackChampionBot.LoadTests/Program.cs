using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.LoadTests;

// Usage (from the repository root):
//   dotnet build -c Release && dotnet run -c Release --project tests/SlackChampionBot.LoadTests -- [events=10000] [warmup=500]
//   ... -- [events] [warmup] --slow 500,1000 [--slow-rate 5000] [--slow-length 1048576]
//     the slow-body mode: the signed events run once without an attack and once during each attack of N
//     unauthenticated connections trickling bodies (see SlowAttackRun), printing memory and p99 per phase.
// Starts src/SlackChampionBot/bin/Release/net10.0/SlackChampionBot.dll (override with LOADTEST_BOT_DLL) in HTTP mode
// against a loopback Slack Web API stub, sends signed message events plus a retry of every tenth over 16 keep-alive
// connections, checks every answer is 200 and that the inbox holds each event exactly once, prints figures.
// Exit code: 0 when every check passed, 1 when one failed, 2 when the bot could not be started.
var positional = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var events = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 10_000;
var warmup = positional.Length > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 500;
var slowAttacks = Flag("--slow")?.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
var slowRate = int.Parse(Flag("--slow-rate") ?? "5000", CultureInfo.InvariantCulture);
var slowLength = long.Parse(Flag("--slow-length") ?? "1048576", CultureInfo.InvariantCulture);
const int retryEvery = 10;
const string secret = "8f742231b10e8888abcd99yyyzzz85a5"; // 32 characters, a test value only
var runLimit = TimeSpan.FromSeconds(120);

var dll = Environment.GetEnvironmentVariable("LOADTEST_BOT_DLL") ?? Path.Combine(FindRepositoryRoot(), "src", "SlackChampionBot", "bin", "Release", "net10.0", "SlackChampionBot.dll");
if (!File.Exists(dll))
{
    Console.Error.WriteLine($"No bot at {dll}: run `dotnet build -c Release` first.");
    return 2;
}

var temp = Directory.CreateTempSubdirectory("champion-load-");
var database = Path.Combine(temp.FullName, "load.db");
try
{
    await using var stub = await SlackApiStub.Start();
    var environment = new Dictionary<string, string?>
    {
        ["SLACK__BOTTOKEN"] = "xoxb-0000000000-0000000000000-loadtestloadtestloadtest",
        ["SLACK__USESOCKETMODE"] = "false",
        ["SLACK__SIGNINGSECRET"] = secret,
        ["SLACK__APIBASEURL"] = stub.BaseAddress.ToString(),
        ["CONNECTIONSTRINGS__CHAMPIONBOT"] = $"Data Source={database}",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    await using var bot = BotProcess.Start(dll, environment, temp.FullName);
    using (var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
    {
        try
        {
            await bot.WaitFor200(probe, "readyz", TimeSpan.FromSeconds(60));
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            Console.Error.WriteLine(exception.Message);
            return 2;
        }
    }

    // For profiling: LOADTEST_HOLD_SECONDS=10 prints the bot's pid and waits, so a profiler can attach before the load.
    if (int.TryParse(Environment.GetEnvironmentVariable("LOADTEST_HOLD_SECONDS"), CultureInfo.InvariantCulture, out var hold) && hold > 0)
    {
        Console.WriteLine($"bot pid {bot.Pid}; waiting {hold} s before the load");
        await Task.Delay(TimeSpan.FromSeconds(hold));
    }

    var runner = new LoadRunner(bot.BaseAddress);
    var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    var warm = SignedEvents.Create(secret, "EvWARM", warmup, retryEvery: 0, now);
    var warmResult = await runner.Run(warm, runLimit);

    if (slowAttacks is not null)
    {
        var slowFailures = await SlowAttackRun.Run(bot, secret, events, slowAttacks, slowRate, slowLength, runLimit);
        if (warmResult.Ok != warm.Count)
        {
            slowFailures.Add($"warm-up: {warmResult.Ok} of {warm.Count} answered 200");
        }

        foreach (var failure in slowFailures)
        {
            Console.WriteLine($"FAILED: {failure}");
        }

        Console.WriteLine(slowFailures.Count == 0 ? "All checks passed." : $"{slowFailures.Count} check(s) failed.");
        await bot.Stop(TimeSpan.FromSeconds(15));
        return slowFailures.Count == 0 ? 0 : 1;
    }

    var measured = SignedEvents.Create(secret, "EvLOAD", events, retryEvery, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    var slackCallsBefore = stub.TotalCalls();
    var botCpuBefore = bot.CpuTime();
    var ownCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var result = await runner.Run(measured, runLimit);
    var botCpu = bot.CpuTime() - botCpuBefore;
    var ownCpu = Process.GetCurrentProcess().TotalProcessorTime - ownCpuBefore;
    var slackCallsDuring = stub.TotalCalls() - slackCallsBefore;
    var (peakKb, currentKb) = bot.Memory();

    // The inbox, read-only, while the bot still runs (WAL lets a reader in beside the writer).
    var expectedRows = events + warmup;
    var (total, distinct, loadRows) = CountInbox(database);

    // How long the background dispatcher takes to run the handlers for everything accepted (not a target; a figure).
    var drain = Stopwatch.StartNew();
    var (done, failed) = CountHandled(database);
    while (drain.Elapsed < TimeSpan.FromSeconds(60) && done + failed < expectedRows)
    {
        await Task.Delay(100);
        (done, failed) = CountHandled(database);
    }

    drain.Stop();
    var (peakAfterKb, currentAfterKb) = bot.Memory();
    var slackCallsTotal = stub.Calls();

    var failures = new List<string>();
    if (warmResult.Failures.Count > 0 || warmResult.Ok != warm.Count)
    {
        failures.Add($"warm-up: {warmResult.Ok} of {warm.Count} answered 200; first problems: {string.Join("; ", warmResult.Failures.Take(5))}");
    }

    if (result.Failures.Count > 0 || result.Ok != measured.Count)
    {
        failures.Add($"measured run: {result.Ok} of {measured.Count} answered 200; first problems: {string.Join("; ", result.Failures.Take(5))}");
    }

    if (total != expectedRows || distinct != expectedRows || loadRows != events)
    {
        failures.Add($"inbox: {total} rows, {distinct} distinct event ids, {loadRows} from the measured run; expected {expectedRows}, {expectedRows}, {events}");
    }

    var ms = result.LatencyTicks.Select(t => t * 1000.0 / Stopwatch.Frequency).Order().ToArray();
    var seconds = result.WallTicks / (double)Stopwatch.Frequency;
    var invariant = CultureInfo.InvariantCulture;
    Console.WriteLine(string.Create(invariant, $"""
        SlackChampionBot HTTP Events API load run
          machine      {Environment.ProcessorCount} cores ({CpuModel()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}
          load         {measured.Count:N0} requests ({events:N0} unique events + {measured.Count - events:N0} retries), {LoadRunner.Workers} keep-alive connections, after {warm.Count:N0} warm-up events
          throughput   {measured.Count / seconds:N0} req/s ({measured.Count:N0} requests in {seconds:N2} s)
          latency      p50 {Percentile(ms, 0.50):N2} ms, p90 {Percentile(ms, 0.90):N2} ms, p99 {Percentile(ms, 0.99):N2} ms, max {(ms.Length > 0 ? ms[^1] : 0):N2} ms
          cpu          bot {botCpu.TotalSeconds:N2} s ({botCpu.TotalMilliseconds * 1000 / measured.Count:N0} µs/request), load generator {ownCpu.TotalSeconds:N2} s, of {Environment.ProcessorCount * seconds:N2} core-seconds
          answers      {result.Ok:N0} × 200, {result.Failures.Count:N0} other
          inbox        {total:N0} rows, {distinct:N0} distinct ids (expected {expectedRows:N0}): {(total == expectedRows && distinct == expectedRows ? "none lost, none duplicated" : "MISMATCH")}
          bot memory   at end of load: peak RSS (VmHWM) {peakKb / 1024.0:N1} MB, current RSS {currentKb / 1024.0:N1} MB
          dispatcher   {done:N0} of {expectedRows:N0} events done ({failed:N0} failed) {drain.Elapsed.TotalSeconds:N1} s after the load ended; then peak RSS {peakAfterKb / 1024.0:N1} MB, current {currentAfterKb / 1024.0:N1} MB
          Slack calls  {slackCallsDuring} during the measured run; all: {string.Join(", ", slackCallsTotal.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}
        """));

    foreach (var failure in failures)
    {
        Console.WriteLine($"FAILED: {failure}");
    }

    Console.WriteLine(failures.Count == 0 ? "All checks passed." : $"{failures.Count} check(s) failed.");
    await bot.Stop(TimeSpan.FromSeconds(15));
    return failures.Count == 0 ? 0 : 1;
}
finally
{
    SqliteConnection.ClearAllPools();
    try
    {
        temp.Delete(recursive: true);
    }
    catch (IOException)
    {
        // A leftover temp directory is not worth failing the run for.
    }
}

string? Flag(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

static (long Total, long Distinct, long Load) CountInbox(string database)
{
    using var connection = OpenReadOnly(database);
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT event_id), SUM(event_id LIKE 'EvLOAD%') FROM slack_event_inbox";
    using var reader = command.ExecuteReader();
    reader.Read();
    return (reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? 0 : reader.GetInt64(2));
}

static (long Done, long Failed) CountHandled(string database)
{
    using var connection = OpenReadOnly(database);
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT COALESCE(SUM(status = 'done'), 0), COALESCE(SUM(status = 'failed'), 0) FROM slack_event_inbox";
    using var reader = command.ExecuteReader();
    reader.Read();
    return (reader.GetInt64(0), reader.GetInt64(1));
}

static SqliteConnection OpenReadOnly(string database)
{
    var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
    connection.Open();
    return connection;
}

static double Percentile(double[] sorted, double p) =>
    sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

static string CpuModel()
{
    try
    {
        return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
    }
    catch (IOException)
    {
        return "unknown CPU";
    }
}

static string FindRepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "SlackChampionBot.sln")))
        {
            return directory.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
