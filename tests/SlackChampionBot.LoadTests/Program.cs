using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.LoadTests;

// Usage (from the repository root):
//   dotnet build -c Release && dotnet run -c Release --no-build --project tests/SlackChampionBot.LoadTests -- [--seconds 10] [--warmup 3000]
//     a sustained run: warm-up events, then signed events for that many seconds; p50/p99/p99.9/max overall, a line
//     per second with its throughput and p99, and an inbox check every second (none lost, none duplicated).
//   ... -- [events] [warmup] --slow 500,1000 [--slow-rate 5000] [--slow-length 1048576]
//     the slow-body mode: the signed events run once without an attack and once during each attack of N
//     unauthenticated connections trickling bodies (see SlowAttackRun), printing memory and p99 per phase.
//   ... -- --smoke 300
//     the correctness check alone at a small size (SmokeCheck, also run by the test suite): N events with
//     redeliveries, every answer 200, each stored once, each handled.
//   ... -- --postgres "Host=127.0.0.1;Port=5432;Username=championbot;Password=..." [--instances 2]
//     any of the above on PostgreSQL instead of a SQLite file: creates a fresh database on that server (the role must
//     be allowed to create databases; no Database key), runs the bot on it (Database__Provider=Postgres), drops it
//     afterwards. --instances N starts N bot processes on that one database and spreads the keep-alive connections
//     across them (worker i talks to instance i mod N); the inbox audit reads the shared inbox, and memory and CPU
//     are printed per instance. Several instances need --postgres (SQLite allows one).
// Starts src/SlackChampionBot/bin/Release/net10.0/SlackChampionBot.dll (override with LOADTEST_BOT_DLL) in HTTP mode
// against a loopback Slack Web API stub, sends signed message events plus a retry of every tenth over 16 keep-alive
// connections, checks every answer is 200 and that the inbox holds each event exactly once, prints figures.
// The slow-body mode takes [events] [warm-up] as positional arguments.
// Exit code: 0 when every check passed, 1 when one failed, 2 when the bot could not be started.
var positional = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var events = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 10_000;
var warmup = int.Parse(Flag("--warmup") ?? (positional.Length > 1 ? positional[1] : "3000"), CultureInfo.InvariantCulture);
var seconds = int.Parse(Flag("--seconds") ?? "10", CultureInfo.InvariantCulture);
var slowAttacks = Flag("--slow")?.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
var slowRate = int.Parse(Flag("--slow-rate") ?? "5000", CultureInfo.InvariantCulture);
var slowLength = long.Parse(Flag("--slow-length") ?? "1048576", CultureInfo.InvariantCulture);
const int retryEvery = 10;
var smoke = Flag("--smoke") is { } smokeEvents ? int.Parse(smokeEvents, CultureInfo.InvariantCulture) : (int?)null;
const string secret = HarnessBot.Secret;
var runLimit = TimeSpan.FromSeconds(120);
var postgres = Flag("--postgres");
var instances = int.Parse(Flag("--instances") ?? "1", CultureInfo.InvariantCulture);
if (instances < 1 || (instances > 1 && postgres is null))
{
    Console.Error.WriteLine("--instances takes a number from 1, and more than one needs --postgres (a SQLite file allows one bot).");
    return 2;
}

var dll = Environment.GetEnvironmentVariable("LOADTEST_BOT_DLL") ?? Path.Combine(FindRepositoryRoot(), "src", "SlackChampionBot", "bin", "Release", "net10.0", "SlackChampionBot.dll");
if (!File.Exists(dll))
{
    Console.Error.WriteLine($"No bot at {dll}: run `dotnet build -c Release` first.");
    return 2;
}

var temp = Directory.CreateTempSubdirectory("champion-load-");
HarnessDatabase? database = null;
var bots = new List<BotProcess>();
try
{
    database = postgres is null ? HarnessDatabase.Sqlite(Path.Combine(temp.FullName, "load.db")) : await HarnessDatabase.CreatePostgres(postgres);
    await using var stub = await SlackApiStub.Start();

    // The first instance applies the migrations; the others start once it is ready, so none races it to the schema.
    for (var i = 0; i < instances; i++)
    {
        bots.Add(BotProcess.Start(dll, HarnessBot.Environment(stub.BaseAddress, database), temp.FullName));
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await bots[i].WaitFor200(probe, "readyz", TimeSpan.FromSeconds(60));
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            Console.Error.WriteLine(exception.Message);
            return 2;
        }
    }

    var bot = bots[0];
    var addresses = bots.Select(b => b.BaseAddress).ToArray();

    // For profiling: LOADTEST_HOLD_SECONDS=10 prints the bot's pid and waits, so a profiler can attach before the load.
    if (int.TryParse(Environment.GetEnvironmentVariable("LOADTEST_HOLD_SECONDS"), CultureInfo.InvariantCulture, out var hold) && hold > 0)
    {
        Console.WriteLine($"bot pid(s) {string.Join(", ", bots.Select(b => b.Pid))}; waiting {hold} s before the load");
        await Task.Delay(TimeSpan.FromSeconds(hold));
    }

    if (smoke is { } smokeCount)
    {
        var smokeFailures = await SmokeCheck.Run(addresses, database, smokeCount, runLimit);
        foreach (var failure in smokeFailures)
        {
            Console.WriteLine($"FAILED: {failure}");
        }

        if (smokeFailures.Count > 0)
        {
            foreach (var each in bots)
            {
                var said = each.StandardOutput + each.StandardError;
                Console.WriteLine($"Bot {each.Pid} said (its last 4,000 characters):{Environment.NewLine}{said[Math.Max(0, said.Length - 4000)..]}");
            }
        }

        Console.WriteLine(smokeFailures.Count == 0 ? $"Smoke check of {smokeCount} events ({database.Description}, {instances} instance(s)): all checks passed." : $"{smokeFailures.Count} check(s) failed.");
        await StopAll();
        return smokeFailures.Count == 0 ? 0 : 1;
    }

    var runner = new LoadRunner(addresses);
    var loadBefore = LoadAverage();
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
        await StopAll();
        return slowFailures.Count == 0 ? 0 : 1;
    }

    var stream = new SignedEventStream(secret, "EvSUS", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    using var audit = new InboxAudit(database, "EvSUS", stream.EventId);
    var slackCallsBefore = stub.TotalCalls();
    var botCpuBefore = bots.Select(b => b.CpuTime()).ToArray();
    var ownCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;

    // The inbox is checked once a second while the load runs: whatever was acknowledged is stored, nothing twice.
    var auditLines = new List<(int Second, bool Ok, long Rows)>();
    using var auditStop = new CancellationTokenSource();
    var auditing = Task.Run(async () =>
    {
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
        for (var second = 1; await tick.WaitForNextTickAsync(CancellationToken.None) && !auditStop.IsCancellationRequested; second++)
        {
            var ok = audit.Check($"second {second}");
            auditLines.Add((second, ok, audit.Rows));
        }
    });
    var result = await runner.RunFor(stream, TimeSpan.FromSeconds(seconds), retryEvery, audit.Starting, audit.Acknowledged);
    await auditStop.CancelAsync();
    await auditing;
    var botCpus = bots.Select((b, i) => b.CpuTime() - botCpuBefore[i]).ToArray();
    var botCpu = botCpus.Aggregate(TimeSpan.Zero, (sum, each) => sum + each);
    var ownCpu = Process.GetCurrentProcess().TotalProcessorTime - ownCpuBefore;
    var slackCallsDuring = stub.TotalCalls() - slackCallsBefore;
    var memoryAtEnd = bots.Select(b => b.Memory()).ToArray();
    audit.Final(result.UniqueEvents);

    // How long the background dispatcher takes to run the handlers for everything accepted (not a target; a figure).
    var expectedRows = result.UniqueEvents + warmup;
    var drain = Stopwatch.StartNew();
    var (done, failed, _) = audit.Handled();
    while (drain.Elapsed < TimeSpan.FromSeconds(60) && done + failed < expectedRows)
    {
        await Task.Delay(100);
        (done, failed, _) = audit.Handled();
    }

    drain.Stop();
    var memoryAfter = bots.Select(b => b.Memory()).ToArray();
    var slackCallsTotal = stub.Calls();

    var failures = new List<string>(audit.Problems);
    if (warmResult.Failures.Count > 0 || warmResult.Ok != warm.Count)
    {
        failures.Add($"warm-up: {warmResult.Ok} of {warm.Count} answered 200; first problems: {string.Join("; ", warmResult.Failures.Take(5))}");
    }

    if (result.Failures.Count > 0)
    {
        failures.Add($"measured run: {result.Failures.Count} of {result.Requests} not answered 200; first problems: {string.Join("; ", result.Failures.Take(5))}");
    }

    var ms = result.LatencyTicks.Select(t => t * 1000.0 / Stopwatch.Frequency).Order().ToArray();
    var wallSeconds = result.WallTicks / (double)Stopwatch.Frequency;
    var invariant = CultureInfo.InvariantCulture;
    Console.WriteLine(string.Create(invariant, $"""
        SlackChampionBot HTTP Events API sustained load run
          database     {database.Description}, {instances} bot instance(s)
          machine      {Environment.ProcessorCount} cores ({CpuModel()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; load average before {loadBefore}, after {LoadAverage()}
          load         {seconds} s of signed events ({result.UniqueEvents:N0} unique + {result.Requests - result.UniqueEvents:N0} retries, every {retryEvery}th redelivered), {LoadRunner.Workers} keep-alive connections ({LoadRunner.Workers / instances} per instance), after {warm.Count:N0} warm-up events
          throughput   {result.Requests / wallSeconds:N0} req/s ({result.Requests:N0} requests in {wallSeconds:N2} s)
          latency      p50 {Percentile(ms, 0.50):N2} ms, p99 {Percentile(ms, 0.99):N2} ms, p99.9 {Percentile(ms, 0.999):N2} ms, max {(ms.Length > 0 ? ms[^1] : 0):N2} ms
          cpu          bot {botCpu.TotalSeconds:N2} s{(instances > 1 ? $" ({string.Join(" + ", botCpus.Select(c => c.TotalSeconds.ToString("N2", invariant)))})" : string.Empty)} ({botCpu.TotalMilliseconds * 1000 / Math.Max(1, result.Requests):N0} µs/request), load generator {ownCpu.TotalSeconds:N2} s, of {Environment.ProcessorCount * wallSeconds:N2} core-seconds
          answers      {result.Requests - result.Failures.Count:N0} × 200, {result.Failures.Count:N0} other
          inbox        {audit.Rows:N0} rows for {result.UniqueEvents:N0} events, checked every second: {(audit.Problems.Count == 0 ? "none lost, none duplicated" : "MISMATCH")}
          bot memory   at end of load: {Memory(memoryAtEnd)}
          dispatcher   {done:N0} of {expectedRows:N0} events done ({failed:N0} failed) {drain.Elapsed.TotalSeconds:N1} s after the load ended; then {Memory(memoryAfter)}
          Slack calls  {slackCallsDuring} during the measured run; all: {string.Join(", ", slackCallsTotal.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}
          per second   (by completion time)
        """));
    foreach (var line in PerSecond(result, auditLines))
    {
        Console.WriteLine(line);
    }

    foreach (var failure in failures)
    {
        Console.WriteLine($"FAILED: {failure}");
    }

    Console.WriteLine(failures.Count == 0 ? "All checks passed." : $"{failures.Count} check(s) failed.");
    await StopAll();
    return failures.Count == 0 ? 0 : 1;
}
finally
{
    foreach (var each in bots)
    {
        await each.DisposeAsync();
    }

    if (database is not null)
    {
        await database.DisposeAsync();
    }

    try
    {
        temp.Delete(recursive: true);
    }
    catch (IOException)
    {
        // A leftover temp directory is not worth failing the run for.
    }
}

async Task StopAll()
{
    foreach (var each in bots)
    {
        await each.Stop(TimeSpan.FromSeconds(15));
    }
}

static string Memory((long PeakKb, long CurrentKb)[] bots) => string.Join("; ", bots.Select((m, i) => string.Create(CultureInfo.InvariantCulture,
    $"{(bots.Length > 1 ? $"instance {i + 1} " : string.Empty)}peak RSS (VmHWM) {m.PeakKb / 1024.0:N1} MB, current RSS {m.CurrentKb / 1024.0:N1} MB")));

string? Flag(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

static IEnumerable<string> PerSecond(SustainedResult result, List<(int Second, bool Ok, long Rows)> audits)
{
    var frequency = (double)Stopwatch.Frequency;
    var bySecond = result.CompletedAtTicks.Select((done, i) => (Second: (int)(done / Stopwatch.Frequency) + 1, Ms: result.LatencyTicks[i] * 1000.0 / frequency))
        .GroupBy(s => s.Second);
    foreach (var second in bySecond.OrderBy(g => g.Key))
    {
        var ms = second.Select(s => s.Ms).Order().ToArray();
        var audit = audits.FirstOrDefault(a => a.Second == second.Key);
        var inbox = audit.Second == 0 ? string.Empty : $"; inbox {(audit.Ok ? "ok" : "MISMATCH")} at {audit.Rows:N0} rows";
        yield return string.Create(CultureInfo.InvariantCulture, $"    {second.Key,3} s  {ms.Length,7:N0} req/s  p99 {Percentile(ms, 0.99),7:N2} ms  max {ms[^1],7:N2} ms{inbox}");
    }
}

static string LoadAverage()
{
    try
    {
        return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
    catch (IOException)
    {
        return "unknown";
    }
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
