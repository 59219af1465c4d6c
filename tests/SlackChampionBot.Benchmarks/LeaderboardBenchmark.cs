using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Leaderboards;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Features.Workspaces;
using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;
using SlackChampionBot.Slack.Blocks;
using SlackChampionBot.Slack.WebApi;

namespace SlackChampionBot.Benchmarks;

/// <summary>
/// Generates a ledger (default 1,000,000 star entries, 10,000 people, 50 teams, 50,000 wins over two years) in a
/// SQLite file created by the migrations, then times the league tables (workspace and one team, each with the caller's
/// rank) and the weekly post. Prints p50/p99; asserts nothing.
/// Usage: dotnet run -c Release --project tests/SlackChampionBot.Benchmarks -- [--entries N] [--people N] [--teams N] [--runs N] [--file path]
/// </summary>
internal static class LeaderboardBenchmark
{
    private const string Team = "T0BENCH";
    private static readonly DateTime Now = new(2026, 11, 27, 16, 0, 0, DateTimeKind.Utc); // Friday 16:00 London

    public static async Task<int> Run(string[] args)
    {
        var entries = Option(args, "--entries", 1_000_000);
        var people = Option(args, "--people", 10_000);
        var teams = Option(args, "--teams", 50);
        var runs = Option(args, "--runs", 200);
        var file = args.SkipWhile(a => a != "--file").Skip(1).FirstOrDefault() ?? Path.Combine(Path.GetTempPath(), $"leaderboard-bench-{Guid.NewGuid():N}.db");
        var keep = args.Contains("--keep");

        Console.WriteLine($"Ledger: {entries:N0} star entries, {people:N0} people, {teams} teams; {runs} runs per table; file {file}");
        await using var services = BuildServices(file);
        var total = Stopwatch.StartNew();
        await using (var scope = services.CreateAsyncScope())
        {
            var sw = Stopwatch.StartNew();
            await scope.ServiceProvider.GetRequiredService<BotDbContext>().Database.MigrateAsync();
            Console.WriteLine($"Migrations: {sw.ElapsedMilliseconds} ms");
        }

        var generate = Stopwatch.StartNew();
        Generate(file, entries, people, teams);
        Console.WriteLine($"Generated (one transaction, prepared commands): {generate.Elapsed.TotalSeconds:F1} s");

        await using (var scope = services.CreateAsyncScope())
        {
            var sw = Stopwatch.StartNew();
            await scope.ServiceProvider.GetRequiredService<StarTotals>().CatchUp(Team, CancellationToken.None);
            Console.WriteLine($"Star totals built from the whole ledger (one-off, first read after upgrade): {sw.Elapsed.TotalSeconds:F1} s");
        }

        var random = new Random(7);
        var team = new ResolvedGroup("S0000", "team-0", "Team 0");
        Console.WriteLine();
        Console.WriteLine($"{"Table (top 10 + caller's rank)",-44} {"p50 ms",8} {"p99 ms",8} {"max ms",8}");
        foreach (var kind in new[] { PeriodKind.Week, PeriodKind.Month, PeriodKind.Quarter, PeriodKind.AllTime })
        {
            foreach (var scopeGroup in new ResolvedGroup?[] { null, team })
            {
                var times = new List<double>(runs);
                for (var i = 0; i < runs + 10; i++)
                {
                    var caller = scopeGroup is null ? Person(random.Next(people)) : Person(random.Next(people / teams) * teams);
                    await using var scope = services.CreateAsyncScope();
                    var leaderboards = scope.ServiceProvider.GetRequiredService<LeaderboardService>();
                    var sw = Stopwatch.StartNew();
                    var table = await leaderboards.Table(Team, kind, scopeGroup, caller, 10, CancellationToken.None);
                    sw.Stop();
                    if (i >= 10)
                    {
                        times.Add(sw.Elapsed.TotalMilliseconds); // the first 10 warm up
                    }

                    if (table.Rows.Count == 0)
                    {
                        throw new InvalidOperationException($"Empty {kind} table: the generated ledger is wrong.");
                    }
                }

                Print($"{kind} — {(scopeGroup is null ? "workspace" : "one team")}", times);
            }
        }

        // Reading right after new stars arrive: the catch-up folds them in first.
        var fresh = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            AppendEntries(file, 20, people, random);
            await using var scope = services.CreateAsyncScope();
            var sw = Stopwatch.StartNew();
            await scope.ServiceProvider.GetRequiredService<LeaderboardService>().Table(Team, PeriodKind.Week, null, Person(random.Next(people)), 10, CancellationToken.None);
            fresh.Add(sw.Elapsed.TotalMilliseconds);
        }

        Print("Week — workspace, after 20 new entries", fresh);

        Console.WriteLine();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var periods = new Periods(zone);
        var build = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var contents = scope.ServiceProvider.GetRequiredService<WeeklyPostContentBuilder>();
            var week = periods.Containing(PeriodKind.Week, Now);
            var sw = Stopwatch.StartNew();
            var content = await contents.Build(Team, week, Now, CancellationToken.None);
            var message = LeaderboardBlocks.WeeklyPost(content, 10);
            build.Add(sw.Elapsed.TotalMilliseconds);
            if (message.Blocks!.Count > Block.MaxBlocksInMessage)
            {
                throw new InvalidOperationException("Too many blocks.");
            }
        }

        Print("Weekly post: build + render (from the ledger)", build);

        var post = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var posts = scope.ServiceProvider.GetRequiredService<WeeklyPostService>();
            var due = Now.AddDays(-7 * (i + 1));
            var sw = Stopwatch.StartNew();
            var outcome = await posts.PostWeek(Team, due, "C0BENCH", CancellationToken.None);
            post.Add(sw.Elapsed.TotalMilliseconds);
            if (outcome != WeeklyPostOutcome.Posted)
            {
                throw new InvalidOperationException($"Weekly post outcome {outcome}.");
            }
        }

        Print("Weekly post: archive + build + post (a past week)", post);
        Console.WriteLine();
        Console.WriteLine($"Database file: {new FileInfo(file).Length / 1024 / 1024:N0} MB; total {total.Elapsed.TotalSeconds:F0} s");
        if (!keep)
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }

        return 0;
    }

    private static ServiceProvider BuildServices(string file)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Leaderboards:Teams:0"] = "S0000",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(new FixedTime(Now));
        services.AddDbContext<BotDbContext>(o => PersistenceServiceCollectionExtensions.Configure(o, new DatabaseOptions { ConnectionString = $"Data Source={file}" }));
        services.Configure<SchedulingOptions>(o => o.TimeZone = "Europe/London");
        services.Configure<LeaderboardOptions>(o =>
        {
            o.Channel = "C0BENCH";
            o.TopN = 10;
        });
        services.AddSingleton<ISlackApiClient, OfflineSlack>();
        services.AddSingleton<ITitleService, NoTitles>();
        var connection = new SlackConnection();
        connection.MarkConnected(new BotIdentity(Team, "U0BOT", "B0BOT", "Bench"), Now);
        services.AddSingleton(connection);
        services.AddScoped<UserDirectory>();
        services.AddScoped<UserGroupDirectory>();
        services.AddSingleton<CompanyTeams>();
        services.AddScoped<StarTotals>();
        services.AddScoped<LeaderboardService>();
        services.AddScoped<WeeklyPostContentBuilder>();
        services.AddScoped<WeeklyPostService>();
        return services.BuildServiceProvider();
    }

    private static void Generate(string file, int entries, int people, int teams)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var random = new Random(42);

        using (var names = Command(connection, transaction, "INSERT INTO slack_users (team_id, user_id, display_name, time_zone, is_bot, is_deleted, is_guest, fetched_at) VALUES (@t, @u, @n, 'Europe/London', 0, 0, 0, @f)", "@t", "@u", "@n", "@f"))
        {
            for (var i = 0; i < people; i++)
            {
                Run(names, Team, Person(i), $"Person {i}", Text(Now));
            }
        }

        using (var groups = Command(connection, transaction, "INSERT INTO user_groups (team_id, group_id, handle, name, synced_at) VALUES (@t, @g, @h, @n, @s)", "@t", "@g", "@h", "@n", "@s"))
        using (var members = Command(connection, transaction, "INSERT INTO user_group_members (team_id, group_id, user_id, synced_at) VALUES (@t, @g, @u, @s)", "@t", "@g", "@u", "@s"))
        {
            for (var g = 0; g < teams; g++)
            {
                Run(groups, Team, $"S{g:0000}", $"team-{g}", $"Team {g}", Text(Now));
            }

            for (var i = 0; i < people; i++)
            {
                Run(members, Team, $"S{i % teams:0000}", Person(i), Text(Now));
                if (i % 10 == 0)
                {
                    Run(members, Team, $"S{(i + 1) % teams:0000}", Person(i), Text(Now)); // some are in two teams
                }
            }
        }

        var span = TimeSpan.FromDays(730);
        var start = Now - span;
        var winCount = entries / 20;
        var winTimes = new DateTime[winCount];
        var winPosters = new int[winCount];
        var stages = new[] { "1", "2", "3", "4", "5", "6", null };
        using (var wins = Command(connection, transaction, "INSERT INTO wins (id, team_id, channel_id, message_ts, poster_id, text, customer, stage, experience, kpi, permalink, source, created_at, deleted_at) VALUES (@id, @t, 'C0WINS', @ts, @p, @x, NULL, @s, @e, NULL, @l, 1, @c, NULL)", "@id", "@t", "@ts", "@p", "@x", "@s", "@e", "@l", "@c"))
        {
            for (var w = 0; w < winCount; w++)
            {
                winTimes[w] = start + (span * ((double)w / winCount));
                winPosters[w] = Skewed(random, people);
                Run(wins, w + 1, Team, $"{w}.000100", Person(winPosters[w]), $"Customer win number {w}: the customer's parcel arrived on time & they said thanks", stages[w % stages.Length], (w % 3 == 0) ? null : (object)((w % 2) + 1), $"https://bench.slack.com/archives/C0WINS/p{w}", Text(winTimes[w]));
            }
        }

        using var stars = Command(connection, transaction, "INSERT INTO star_entries (id, team_id, giver_id, receiver_id, amount, reason, win_id, reverses_entry_id, source_event_id, natural_key, created_at) VALUES (@id, @t, @g, @r, @a, @reason, @w, NULL, NULL, @k, @c)", "@id", "@t", "@g", "@r", "@a", "@reason", "@w", "@k", "@c");
        for (var i = 0; i < entries; i++)
        {
            var win = random.Next(winCount);
            var roll = random.Next(100);
            var createdAt = winTimes[win] + TimeSpan.FromMinutes(random.Next(0, 600));
            if (createdAt > Now)
            {
                createdAt = Now.AddMinutes(-random.Next(1, 600));
            }

            var (giver, receiver, amount, reason) = roll switch
            {
                < 20 => (null, winPosters[win], 1, 1), // the poster's star
                < 40 => (null, Skewed(random, people), 1, 2), // a credit
                < 98 => ((object?)Person(random.Next(people)), winPosters[win], 1, 3), // a cheer
                _ => (null, Skewed(random, people), -1, 4), // a reversal
            };
            Run(stars, i + 1, Team, giver ?? DBNull.Value, Person(receiver), amount, reason, (long)(win + 1), $"bench:{i}", Text(createdAt));
        }

        transaction.Commit();
    }

    private static void AppendEntries(string file, int count, int people, Random random)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var stars = Command(connection, transaction, "INSERT INTO star_entries (team_id, giver_id, receiver_id, amount, reason, natural_key, created_at) VALUES (@t, NULL, @r, 1, 1, @k, @c)", "@t", "@r", "@k", "@c");
        for (var i = 0; i < count; i++)
        {
            Run(stars, Team, Person(Skewed(random, people)), $"append:{Guid.NewGuid():N}", Text(Now.AddMinutes(-random.Next(1, 60))));
        }

        transaction.Commit();
    }

    /// <summary>A few people collect most stars, as in a real league.</summary>
    private static int Skewed(Random random, int people) => (int)(Math.Pow(random.NextDouble(), 2.5) * people);

    private static string Person(int i) => $"U{i:000000}";

    /// <summary>The text form EF Core stores DateTimes in on SQLite.</summary>
    private static string Text(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Run(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    private static void Print(string name, List<double> times)
    {
        times.Sort();
        double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
        Console.WriteLine($"{name,-44} {P(0.50),8:F2} {P(0.99),8:F2} {times[^1],8:F2}");
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}

/// <summary>The benchmark's clock: always the scheduled Friday.</summary>
internal sealed class FixedTime(DateTime utc) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(utc, TimeSpan.Zero);
}

internal sealed class NoTitles : ITitleService
{
    public Task<IReadOnlyDictionary<string, IReadOnlyList<TitleBadge>>> CurrentTitles(string teamId, IReadOnlyCollection<string> userIds, DateTime asOfUtc, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<TitleBadge>>>(new Dictionary<string, IReadOnlyList<TitleBadge>>());

    public Task<IReadOnlyList<TitleBadge>> ChampionsGranted(string teamId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TitleBadge>>([]);

    public Task RecordChampionOfTheWeek(string teamId, string userId, DateOnly weekStart, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>No network: chat.postMessage answers at once; nothing else is used by the code measured.</summary>
internal sealed class OfflineSlack : ISlackApiClient, IChatApi
{
    private int _ts;

    public IAuthApi Auth => throw new NotSupportedException();

    public IChatApi Chat => this;

    public IConversationsApi Conversations => throw new NotSupportedException();

    public IReactionsApi Reactions => throw new NotSupportedException();

    public IUsersApi Users => throw new NotSupportedException();

    public IUserGroupsApi UserGroups => throw new NotSupportedException();

    public IUserGroupUsersApi UserGroupUsers => throw new NotSupportedException();

    public IViewsApi Views => throw new NotSupportedException();

    public IFilesApi Files => throw new NotSupportedException();

    public IAppsConnectionsApi AppsConnectionsApi => throw new NotSupportedException();

    public Task<PostMessageResponse> PostMessage(Message message, CancellationToken cancellationToken = default) =>
        Task.FromResult(new PostMessageResponse { Channel = message.Channel, Ts = $"1800000000.{Interlocked.Increment(ref _ts):000000}" });

    public Task<PostMessageResponse> PostEphemeral(string userId, Message message, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<MessageTsResponse> Update(MessageUpdate messageUpdate, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<PermalinkResponse> GetPermalink(string channelId, string messageTs, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<MessageTsResponse> Delete(string ts, string channelId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
