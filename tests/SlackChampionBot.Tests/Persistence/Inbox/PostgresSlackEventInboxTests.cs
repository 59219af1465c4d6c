using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SlackChampionBot.Persistence;
using SlackChampionBot.Persistence.Inbox;
using SlackChampionBot.Slack.Inbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Persistence.Inbox;

/// <summary>
/// The PostgreSQL inbox against a real server (<see cref="PostgresFactAttribute"/>): each test gets its own database,
/// migrated with the bot's PostgreSQL migrations, and drops it afterwards. Time is only what the tests pass in.
/// </summary>
public sealed class PostgresSlackEventInboxTests : IAsyncLifetime
{
    private static readonly DateTime T0 = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    /// <summary>How long a test waits for an add it queued: a lost completion fails the test instead of hanging it.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly string _database = $"inbox_{Guid.NewGuid():N}";
    private readonly List<PostgresSlackEventInbox> _inboxes = [];
    private string _connectionString = string.Empty;

    public async Task InitializeAsync()
    {
        var server = PostgresTestServer.ServerConnectionString!;
        await Admin(server, $"CREATE DATABASE \"{_database}\"");
        _connectionString = new NpgsqlConnectionStringBuilder(server) { Database = _database }.ConnectionString;
        await using var db = NewContext();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var inbox in _inboxes)
        {
            await inbox.DisposeAsync();
        }

        await Admin(PostgresTestServer.ServerConnectionString!, $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
    }

    private static async Task Admin(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private BotDbContext NewContext() =>
        PersistenceServiceCollectionExtensions.CreateContext(new DatabaseOptions { Provider = "Postgres", ConnectionString = _connectionString });

    private PostgresSlackEventInbox NewInbox()
    {
        var inbox = new PostgresSlackEventInbox(_connectionString, Lease, NullLogger<PostgresSlackEventInbox>.Instance);
        _inboxes.Add(inbox);
        return inbox;
    }

    private static SlackInboxEvent Event(string id, DateTime? at = null) =>
        new(id, "T111", "message", $$$"""{"type":"event_callback","event_id":"{{{id}}}","event":{"type":"message","text":"Grüße 👋"}}""", at ?? T0, 0, "http");

    private async Task<SlackEventInboxEntry> Row(string eventId)
    {
        await using var db = NewContext();
        return await db.SlackEventInbox.AsNoTracking().SingleAsync(e => e.EventId == eventId);
    }

    private long Scalar(string sql)
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private long CountRows(string where = "true") => Scalar($"SELECT COUNT(*) FROM slack_event_inbox WHERE {where}");

    /// <summary>
    /// Holds the table so that no insert can commit, and waits (bounded) until the inbox's writer is stuck on it with
    /// <paramref name="blocker"/>: whatever is added next is queued behind it and goes in the writer's next batch.
    /// </summary>
    private async Task<NpgsqlTransaction> HoldTheWriter(PostgresSlackEventInbox inbox, string blocker)
    {
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("LOCK TABLE slack_event_inbox IN SHARE MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        _ = inbox.TryAdd(Event(blocker), default);
        await Eventually.Until(
            () => Scalar("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") == 1,
            "the inbox's writer waits for the table");
        return transaction;
    }

    private static async Task Release(NpgsqlTransaction transaction)
    {
        var connection = transaction.Connection!;
        await transaction.CommitAsync();
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    [PostgresFact]
    public async Task TryAdd_NewThenDuplicate_TrueThenFalseAndStoredOncePendingAndDue()
    {
        var inbox = NewInbox();

        Assert.True(await inbox.TryAdd(Event("EvA", T0.AddSeconds(1)), default));
        Assert.False(await inbox.TryAdd(Event("EvA", T0.AddSeconds(2)), default));

        var row = await Row("EvA");
        Assert.Equal((SlackInboxStatus.Pending, 0, "http", T0.AddSeconds(1), T0.AddSeconds(1)), (row.Status, row.Attempts, row.Transport, row.ReceivedAt, row.NextAttemptAt));
        Assert.Contains("Grüße 👋", row.RawJson);
        Assert.Null(row.ProcessedAt);
        Assert.Equal(1, CountRows());
    }

    [PostgresFact]
    public async Task TryAdd_Tombstone_IsStoredDoneWithoutBodyNeverClaimedAndDedupesItsRetry()
    {
        var inbox = NewInbox();

        Assert.True(await inbox.TryAdd(SlackInboxEvent.Tombstone("EvDm", "T111", "message", T0, "http"), default));
        Assert.False(await inbox.TryAdd(SlackInboxEvent.Tombstone("EvDm", "T111", "message", T0.AddSeconds(1), "http"), default));

        Assert.Empty(await inbox.ClaimDue(T0.AddYears(1), 10, default));
        var row = await Row("EvDm");
        Assert.Equal(SlackInboxStatus.Done, row.Status);
        Assert.Null(row.RawJson);
        Assert.Equal(T0, row.ProcessedAt);
    }

    [PostgresFact]
    public async Task TryAdd_ConcurrentDuplicates_StoredOnceAndExactlyOneIsNew()
    {
        var inbox = NewInbox();

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Task.Run(() => inbox.TryAdd(Event(i % 2 == 0 ? "EvSame" : $"Ev{i:D4}"), default))));

        Assert.Equal(1, results.Where((_, i) => i % 2 == 0).Count(r => r));
        Assert.All(results.Where((_, i) => i % 2 == 1), Assert.True);
        // Read on another connection while the inbox is open: a completed add is a committed row.
        Assert.Equal(501, CountRows());
    }

    [PostgresFact]
    public async Task TryAdd_SameEventTwiceInOneBatch_OnlyTheFirstIsNew()
    {
        var inbox = NewInbox();
        var held = await HoldTheWriter(inbox, "EvBlocker");

        var first = inbox.TryAdd(Event("EvTwin"), default);
        var other = inbox.TryAdd(Event("EvOther"), default);
        var second = inbox.TryAdd(Event("EvTwin"), default);
        await Release(held);

        Assert.Equal((true, true, false), (await first.WaitAsync(Bound), await other.WaitAsync(Bound), await second.WaitAsync(Bound)));
        Assert.Equal(3, CountRows());
    }

    [PostgresFact]
    public async Task TryAdd_OneBadEventInABatch_FailsAloneAndTheOthersAreStored()
    {
        var inbox = NewInbox();
        var held = await HoldTheWriter(inbox, "EvBlocker");

        var good = inbox.TryAdd(Event("EvGood"), default);
        var bad = inbox.TryAdd(Event(new string('x', 65)), default);
        var alsoGood = inbox.TryAdd(Event("EvAlsoGood"), default);
        await Release(held);

        await Assert.ThrowsAsync<PostgresException>(() => bad.WaitAsync(Bound));
        Assert.True(await good.WaitAsync(Bound));
        Assert.True(await alsoGood.WaitAsync(Bound));
        Assert.Equal(3, CountRows());
    }

    [PostgresFact]
    public async Task TryAdd_SameEventsThroughTwoInstances_EachIsNewExactlyOnce()
    {
        // HTTP behind a load balancer: Slack's retry of an event may reach another instance while the first stores it.
        var one = NewInbox();
        var two = NewInbox();

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Task.Run(() => (i % 2 == 0 ? one : two).TryAdd(Event($"Ev{i / 2:D4}"), default))));

        Assert.Equal(500, results.Count(r => r));
        Assert.Equal(500, CountRows());
    }

    [PostgresFact]
    public async Task ClaimDue_OnlyPendingAndDue_OldestFirstWithinLimit()
    {
        var inbox = NewInbox();
        await inbox.TryAdd(Event("Ev3", T0.AddSeconds(3)), default);
        await inbox.TryAdd(Event("Ev1", T0.AddSeconds(1)), default);
        await inbox.TryAdd(Event("Ev2", T0.AddSeconds(2)), default);
        await inbox.TryAdd(Event("EvLater", T0.AddMinutes(5)), default);
        await inbox.TryAdd(SlackInboxEvent.Tombstone("EvDm", "T111", "message", T0, "http"), default);

        var due = await inbox.ClaimDue(T0.AddSeconds(10), 2, default);

        Assert.Equal(["Ev1", "Ev2"], due.Select(e => e.EventId));
        var item = due[0];
        Assert.Equal(("T111", "message", "http", 0, T0.AddSeconds(1)), (item.TeamId, item.EventType, item.Transport, item.Attempts, item.ReceivedAt));
        Assert.Equal(DateTimeKind.Utc, item.ReceivedAt.Kind);
        Assert.Contains("Grüße 👋", item.RawJson);
    }

    [PostgresFact]
    public async Task ClaimDue_ClaimedRows_AreNotReturnedAgainHereOrInAnotherInstance()
    {
        var inbox = NewInbox();
        var other = NewInbox();
        for (var i = 0; i < 5; i++)
        {
            await inbox.TryAdd(Event($"Ev{i}", T0.AddSeconds(i)), default);
        }

        var first = await inbox.ClaimDue(T0.AddMinutes(1), 3, default);
        var second = await inbox.ClaimDue(T0.AddMinutes(1), 3, default);

        Assert.Equal(["Ev0", "Ev1", "Ev2"], first.Select(e => e.EventId));
        Assert.Equal(["Ev3", "Ev4"], second.Select(e => e.EventId));
        Assert.Empty(await inbox.ClaimDue(T0.AddMinutes(1), 3, default));
        Assert.Empty(await other.ClaimDue(T0.AddMinutes(1), 3, default));
        Assert.Equal(5, CountRows("status = 'pending'"));
    }

    [PostgresFact]
    public async Task ClaimDue_TwoInstancesClaimingConcurrently_ClaimEveryRowExactlyOnce()
    {
        const int Rows = 2000;
        var one = NewInbox();
        var two = NewInbox();
        Assert.All(await Task.WhenAll(Enumerable.Range(0, Rows).Select(i => one.TryAdd(Event($"Ev{i:D5}", T0.AddMilliseconds(i)), default))), Assert.True);

        var claimed = new ConcurrentBag<string>();
        var now = T0.AddMinutes(1);
        var claimers = Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
        {
            var inbox = n % 2 == 0 ? one : two;
            while (await inbox.ClaimDue(now, 50, default) is { Count: > 0 } due)
            {
                foreach (var item in due)
                {
                    claimed.Add(item.EventId);
                }
            }
        }));
        await Task.WhenAll(claimers);

        Assert.Equal(Rows, claimed.Count);
        Assert.Equal(Rows, claimed.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(await NewInbox().ClaimDue(now, Rows, default));
    }

    [PostgresFact]
    public async Task ClaimDue_ClaimedByAnInstanceThatDied_IsClaimedElsewhereOnlyWhenTheLeaseRunsOut()
    {
        var dead = NewInbox();
        await dead.TryAdd(Event("EvOrphan"), default);
        Assert.Single(await dead.ClaimDue(T0, 10, default));
        await dead.DisposeAsync();

        var survivor = NewInbox();
        Assert.Empty(await survivor.ClaimDue(T0 + Lease - TimeSpan.FromSeconds(1), 10, default));
        var again = Assert.Single(await survivor.ClaimDue(T0 + Lease, 10, default));

        Assert.Equal("EvOrphan", again.EventId);
        Assert.Contains("Grüße 👋", again.RawJson);
    }

    [PostgresFact]
    public async Task ClaimDue_OwnClaimStillHeldWhenItsLeaseRunsOut_IsNotReturnedAgainAndItsLeaseIsRenewed()
    {
        var inbox = NewInbox();
        var other = NewInbox();
        await inbox.TryAdd(Event("EvSlow"), default);
        Assert.Single(await inbox.ClaimDue(T0, 10, default));

        // Still in this instance's dispatcher (a long lane): its own claim renews the lease and hands it out no more.
        Assert.Empty(await inbox.ClaimDue(T0 + Lease, 10, default));
        Assert.Empty(await other.ClaimDue(T0 + Lease + TimeSpan.FromSeconds(1), 10, default));

        await inbox.MarkFailed("EvSlow", "boom", 1, T0 + Lease + TimeSpan.FromSeconds(2), default);
        Assert.Equal("EvSlow", Assert.Single(await inbox.ClaimDue(T0 + Lease + TimeSpan.FromSeconds(2), 10, default)).EventId);
    }

    [PostgresFact]
    public async Task MarkDone_DropsTheBody_KeepsTheRestAndIsNeverClaimed()
    {
        var inbox = NewInbox();
        await inbox.TryAdd(Event("EvBody") with { Transport = "socket_mode" }, default);
        Assert.Single(await inbox.ClaimDue(T0, 10, default));

        await inbox.MarkDone("EvBody", T0.AddSeconds(3), default);

        Assert.Empty(await NewInbox().ClaimDue(T0.AddYears(1), 10, default));
        var row = await Row("EvBody");
        Assert.Null(row.RawJson);
        Assert.Equal(SlackInboxStatus.Done, row.Status);
        Assert.Equal(("EvBody", "T111", "message", "socket_mode", T0, T0.AddSeconds(3)), (row.EventId, row.TeamId, row.EventType, row.Transport, row.ReceivedAt, row.ProcessedAt));
        Assert.Equal(DateTimeKind.Utc, row.ProcessedAt!.Value.Kind);
    }

    /// <summary>
    /// A dispatcher's worth of marks at once (the load harness left events undone when each mark took a connection of
    /// its own): every one is written, done and failed alike, through a handful of connections.
    /// </summary>
    [PostgresFact]
    public async Task Marks_ThousandsAtOnce_AreAllWrittenThroughFewConnections()
    {
        var inbox = NewInbox();
        var ids = Enumerable.Range(0, 3000).Select(i => $"EvMany{i:D5}").ToList();
        await Task.WhenAll(ids.Select(id => inbox.TryAdd(Event(id), default)));
        var claimed = await inbox.ClaimDue(T0, ids.Count, default);
        Assert.Equal(ids.Count, claimed.Count);

        await Task.WhenAll(ids.Select((id, i) => i % 100 == 0
            ? inbox.MarkFailed(id, "boom", 1, null, default)
            : inbox.MarkDone(id, T0.AddSeconds(1), default))).WaitAsync(Bound);

        Assert.Equal(2970, CountRows("status = 'done' AND raw_json IS NULL"));
        Assert.Equal(30, CountRows("status = 'failed'"));
        Assert.InRange(Scalar($"SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '{_database}'"), 1, 6);
    }

    [PostgresFact]
    public async Task MarkFailed_WithRetryTime_IsPendingAndDueOnlyThen()
    {
        var inbox = NewInbox();
        await inbox.TryAdd(Event("EvRetry"), default);
        Assert.Single(await inbox.ClaimDue(T0, 10, default));

        await inbox.MarkFailed("EvRetry", "InvalidOperationException: boom", 1, T0.AddSeconds(2), default);

        Assert.Empty(await inbox.ClaimDue(T0.AddSeconds(1.999), 10, default));
        var due = Assert.Single(await inbox.ClaimDue(T0.AddSeconds(2), 10, default));
        Assert.Equal(1, due.Attempts);
        var row = await Row("EvRetry");
        Assert.Equal(SlackInboxStatus.Pending, row.Status);
        Assert.Equal("InvalidOperationException: boom", row.LastError);
        Assert.Equal(T0.AddSeconds(2) + Lease, row.NextAttemptAt);
    }

    [PostgresFact]
    public async Task MarkFailed_WithoutRetryTime_IsFailedForGoodWithTheErrorTruncated()
    {
        var inbox = NewInbox();
        await inbox.TryAdd(Event("EvDead"), default);
        Assert.Single(await inbox.ClaimDue(T0, 10, default));

        await inbox.MarkFailed("EvDead", new string('x', 5000), 5, null, default);

        Assert.Empty(await NewInbox().ClaimDue(T0.AddYears(1), 10, default));
        var row = await Row("EvDead");
        Assert.Equal(SlackInboxStatus.Failed, row.Status);
        Assert.Equal(5, row.Attempts);
        Assert.Equal(SlackEventInboxEntryConfiguration.MaxErrorLength, row.LastError!.Length);
        Assert.Contains("Grüße 👋", row.RawJson);
    }
}
