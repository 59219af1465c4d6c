using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Leaderboards;
using SlackChampionBot.Sandbox;
using SlackChampionBot.Scheduling;
using SlackChampionBot.Tests.Support;
using SlackChampionBot.TestSupport;

namespace SlackChampionBot.Tests.Scheduling;

/// <summary>
/// Work handed off through <see cref="IBackgroundJobs"/> in the real host, on Hangfire's real server: it runs once, a
/// failure is logged and deleted rather than retried, its record goes an hour after it ends; recurring jobs keep
/// Hangfire's retries; start-up enqueues the catch-ups.
/// </summary>
public sealed class BackgroundJobsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task OneOffJob_Throws_RunsOnceIsLoggedByNameAndIsDeletedNotRetried()
    {
        var logs = new LogCapture();
        var work = new Work();
        await using var bot = await BotHarness.Start(services: s => s.AddSingleton(work).AddSingleton<ILoggerProvider>(logs));

        bot.Services.GetRequiredService<IBackgroundJobs>().Enqueue<Work>(w => w.Fail("T1", CancellationToken.None));

        var monitoring = bot.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        await FakeSocketModeServer.WaitUntil(() => monitoring.DeletedListCount() == 1, Patience);
        var (id, deleted) = Assert.Single(monitoring.DeletedJobs(0, 10));
        Assert.Equal(nameof(Work.Fail), deleted.Job.Method.Name);
        Assert.Equal(1, work.Runs); // deleted is final: nothing runs it again
        Assert.Equal(0L, monitoring.FailedCount());
        Assert.Equal(0L, monitoring.ScheduledCount()); // no retry waiting
        var failed = Assert.Single(logs.Entries, e => e.EventId.Id == 1501);
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Contains("Work.Fail", failed.Message, StringComparison.Ordinal);
        Assert.Contains(id, failed.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(failed.Exception);
        AssertKeptForAnHourAtMost(monitoring, id);
    }

    [Fact]
    public async Task OneOffJob_Succeeds_RunsOnceWithItsArgumentsAndItsRecordGoesWithinTheHour()
    {
        var work = new Work();
        await using var bot = await BotHarness.Start(services: s => s.AddSingleton(work));
        var day = new DateOnly(2026, 11, 3);

        bot.Services.GetRequiredService<IBackgroundJobs>().Enqueue<Work>(w => w.Record("T1", 42L, day, CancellationToken.None));

        var monitoring = bot.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        await FakeSocketModeServer.WaitUntil(() => monitoring.SucceededJobs(0, 50).Any(j => j.Value.Job?.Method.Name == nameof(Work.Record)), Patience);
        Assert.Equal(["T1 42 2026-11-03"], work.Recorded);
        var id = monitoring.SucceededJobs(0, 50).Single(j => j.Value.Job?.Method.Name == nameof(Work.Record)).Key;
        AssertKeptForAnHourAtMost(monitoring, id);
    }

    [Fact]
    public async Task Filters_RecurringRunKeepsHangfireRetries_EverythingElseRunsOnce()
    {
        await using var bot = await BotHarness.Start();
        var filters = bot.Services.GetRequiredService<IJobFilterProvider>();

        var recurring = Retry(filters, Job.FromExpression<WeeklyLeaderboardJob>(j => j.Run(CancellationToken.None)));
        var catchUp = Retry(filters, Job.FromExpression<WeeklyLeaderboardJob>(j => j.CatchUp(CancellationToken.None)));
        var notices = Retry(filters, Job.FromExpression<ChampionNotices>(n => n.Publish(1, CancellationToken.None)));

        Assert.Equal(AutomaticRetryAttribute.DefaultRetryAttempts, recurring.Attempts);
        Assert.Equal((0, AttemptsExceededAction.Delete), (catchUp.Attempts, catchUp.OnAttemptsExceeded));
        Assert.Equal((0, AttemptsExceededAction.Delete), (notices.Attempts, notices.OnAttemptsExceeded));
    }

    [Fact]
    public async Task HostStart_EnqueuesTheWeeklyCatchUpAndRunsTheNoticeSweep()
    {
        await using var bot = await BotHarness.Start();
        var monitoring = bot.Services.GetRequiredService<JobStorage>().GetMonitoringApi();

        bool Succeeded(Type type, string method) =>
            monitoring.SucceededJobs(0, 50).Any(j => j.Value.Job?.Type == type && j.Value.Job.Method.Name == method);

        await FakeSocketModeServer.WaitUntil(
            () => Succeeded(typeof(WeeklyLeaderboardJob), nameof(WeeklyLeaderboardJob.CatchUp)) && Succeeded(typeof(ChampionNoticeSweepJob), nameof(ChampionNoticeSweepJob.Run)),
            Patience);
        using var connection = bot.Services.GetRequiredService<JobStorage>().GetConnection();
        var sweep = Assert.Single(connection.GetRecurringJobs([ChampionNoticeSweepJob.JobId]));
        Assert.Equal(ChampionNoticeSweepJob.Cron, sweep.Cron);
    }

    [PostgresFact]
    public async Task OnPostgres_AJobLeftInTheQueueWhileNoBotRuns_RunsWhenOneStarts()
    {
        var database = PostgresTestServer.CreateDatabase(migrated: true);
        try
        {
            // As an instance that stopped before its job was fetched would leave it: only in the database.
            var options = new PostgreSqlStorageOptions { SchemaName = SchedulingServiceCollectionExtensions.HangfireSchema, PrepareSchemaIfNecessary = true };
            var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(database, options), options);
            new BackgroundJobClient(storage).Create(Job.FromExpression<Work>(w => w.Record("T1", 7L, new DateOnly(2026, 12, 1), CancellationToken.None)), new EnqueuedState());

            var work = new Work();
            await using var bot = await BotHarness.Start(
                new Dictionary<string, string?> { ["Database:Provider"] = "Postgres", ["ConnectionStrings:ChampionBot"] = database },
                services: s => s.AddSingleton(work));

            await FakeSocketModeServer.WaitUntil(() => work.Recorded.Count > 0, Patience);
            Assert.Equal(["T1 7 2026-12-01"], work.Recorded);
        }
        finally
        {
            PostgresTestServer.DropDatabase(database);
        }
    }

    private static AutomaticRetryAttribute Retry(IJobFilterProvider filters, Job job) =>
        Assert.Single(filters.GetFilters(job).Select(f => f.Instance).OfType<AutomaticRetryAttribute>());

    private static void AssertKeptForAnHourAtMost(IMonitoringApi monitoring, string jobId)
    {
        var expireAt = monitoring.JobDetails(jobId).ExpireAt;
        Assert.NotNull(expireAt);
        Assert.InRange(expireAt!.Value, DateTime.UtcNow.AddMinutes(50), DateTime.UtcNow + BotJobFilters.OneOffRecordKeptFor);
    }

    /// <summary>A service jobs can name, as a feature's would be.</summary>
    internal sealed class Work
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public List<string> Recorded { get; } = [];

        public Task Fail(string teamId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            throw new InvalidOperationException("the work failed for " + teamId);
        }

        public Task Record(string teamId, long id, DateOnly day, CancellationToken cancellationToken)
        {
            lock (Recorded)
            {
                Recorded.Add($"{teamId} {id} {day:yyyy-MM-dd}");
            }

            return Task.CompletedTask;
        }
    }
}
